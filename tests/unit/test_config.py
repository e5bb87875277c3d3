import pytest

from service.config import from_environment


def test_defaults_work_on_a_laptop():
    settings = from_environment({})
    assert settings["TIMELINE_DB"] == "timeline.db"
    assert (settings["HOST"], settings["PORT"]) == ("127.0.0.1", 8000)
    assert settings["TIMELINE_CORS_ORIGINS"] == ["*"]


def test_environment_overrides_defaults():
    settings = from_environment(
        {
            "TIMELINE_DB": "/data/t.db",
            "PORT": "9000",
            "TIMELINE_CORS_ORIGINS": "https://a, https://b",
        }
    )
    assert settings["TIMELINE_DB"] == "/data/t.db"
    assert settings["PORT"] == 9000
    assert settings["TIMELINE_CORS_ORIGINS"] == ["https://a", "https://b"]


def test_switches_read_yes_and_no_and_refuse_anything_else():
    settings = from_environment({"TIMELINE_READ_ONLY": "1", "TIMELINE_RESPONSE_CACHE": "off"})
    assert settings["TIMELINE_READ_ONLY"] is True
    assert settings["TIMELINE_RESPONSE_CACHE"] is False
    defaults = from_environment({})
    assert defaults["TIMELINE_READ_ONLY"] is False and defaults["TIMELINE_RESPONSE_CACHE"] is True
    with pytest.raises(ValueError, match="not a yes/no setting"):
        from_environment({"TIMELINE_READ_ONLY": "maybe"})
