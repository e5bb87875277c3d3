"""Text that XML 1.0 can carry: any character it cannot, even escaped, becomes U+FFFD.

Each bad character is replaced by exactly one, so offsets into the text stay true.
"""

import re

# Characters XML 1.0 cannot carry at all, even escaped; text may hold them (JSON can).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_characters(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD, one for one."""
    return _NOT_XML.sub("\ufffd", text)
