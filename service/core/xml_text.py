"""Text as XML 1.0 can carry it: the one filter for every text the service writes into XML.

XML 1.0 cannot hold some characters at all, not even escaped: C0 controls other than tab,
line feed and carriage return, lone UTF-16 surrogates, U+FFFE and U+FFFF. Titles and
summaries may hold them (JSON can), and one of them makes a whole XLSX sheet, Atom feed or
TimeML document unreadable, so each is replaced by U+FFFD, the replacement character, which
shows that something was there. One character for one, so offsets into the text stay true.
"""

import re

REPLACEMENT = "\ufffd"
# What XML 1.0's Char production leaves out, as the short list it is: the same set as
# [^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff], which took 10 ms of every
# worker's start to compile.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD, one for one."""
    return _NOT_XML.sub(REPLACEMENT, text)
