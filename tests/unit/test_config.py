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
