-- Schema version 5 as the service wrote it at commit fc352f6: the DDL only,
-- read from a fresh file's sqlite_master (FTS5 shadow tables come with their table).
-- Frozen: never edit; tests/store/helpers.py builds a file of this version from it.
PRAGMA user_version = 5;

CREATE TABLE "sources" (
   "id" TEXT PRIMARY KEY,
   "title" TEXT NOT NULL,
   "publisher" TEXT NOT NULL,
   "author" TEXT,
   "published" TEXT NOT NULL,
   "language" TEXT,
   "file" TEXT,
   "url" TEXT,
   "sha256" TEXT NOT NULL,
   "length" INTEGER NOT NULL,
   "notes" TEXT
);

CREATE TABLE "actors" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "role" TEXT
);

CREATE TABLE "places" (
   "id" TEXT PRIMARY KEY,
   "name" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "country" TEXT
);

CREATE TABLE "tags" (
   "id" TEXT PRIMARY KEY,
   "label" TEXT NOT NULL
);

CREATE TABLE "events" (
   "id" TEXT PRIMARY KEY,
   "title" TEXT NOT NULL,
   "summary" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "start" TEXT NOT NULL,
   "end" TEXT NOT NULL,
   "start_day" INTEGER NOT NULL,
   "end_day" INTEGER NOT NULL,
   "span_class" INTEGER NOT NULL,
   "precision" TEXT NOT NULL,
   "approximate" INTEGER,
   "uncertain" INTEGER,
   "resolved_from" TEXT,
   "figures" TEXT,
   "evidence" TEXT,
   "source" TEXT NOT NULL REFERENCES "sources"("id"),
   "document" TEXT NOT NULL,
   "text_key" INTEGER
);

CREATE TABLE "event_actors" (
   "event_id" TEXT REFERENCES "events"("id"),
   "actor_id" TEXT REFERENCES "actors"("id"),
   "position" INTEGER,
   PRIMARY KEY ("event_id", "actor_id")
);

CREATE TABLE "event_places" (
   "event_id" TEXT REFERENCES "events"("id"),
   "place_id" TEXT REFERENCES "places"("id"),
   "position" INTEGER,
   PRIMARY KEY ("event_id", "place_id")
);

CREATE TABLE "event_tags" (
   "event_id" TEXT REFERENCES "events"("id"),
   "tag_id" TEXT REFERENCES "tags"("id"),
   "position" INTEGER,
   PRIMARY KEY ("event_id", "tag_id")
);

CREATE VIRTUAL TABLE events_fts USING fts5 (
            title, summary, content='events', content_rowid='text_key'
        );

CREATE TABLE event_facets (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            span_class INTEGER NOT NULL,
            start_day INTEGER NOT NULL,
            end_day INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (facet, value, span_class, start_day, end_day, event_id)
        ) WITHOUT ROWID;

CREATE TABLE meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            instance TEXT NOT NULL,
            revision INTEGER NOT NULL
        );

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL UNIQUE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    before TEXT,
    after TEXT
);

CREATE INDEX "idx_events_start_end_id"
    ON "events" ("start", "end", "id");

CREATE INDEX "idx_events_span_class_start_day_end_day_id"
    ON "events" ("span_class", "start_day", "end_day", "id");

CREATE INDEX "idx_event_actors_actor_id_event_id"
    ON "event_actors" ("actor_id", "event_id");

CREATE INDEX "idx_event_places_place_id_event_id"
    ON "event_places" ("place_id", "event_id");

CREATE INDEX "idx_event_tags_tag_id_event_id"
    ON "event_tags" ("tag_id", "event_id");

CREATE UNIQUE INDEX events_text_key ON events (text_key);

CREATE INDEX event_facets_event_id ON event_facets (event_id);

CREATE INDEX "idx_changes_kind_item_id_id"
    ON "changes" ("kind", "item_id", "id");

CREATE TRIGGER events_text_insert AFTER INSERT ON events BEGIN SELECT RAISE(ABORT, 'too many events share one start and end day') WHERE (SELECT max(text_key) FROM events WHERE text_key >= ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) AND text_key < ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524288) = ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524287; UPDATE events SET text_key = coalesce((SELECT max(text_key) FROM events WHERE text_key >= ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) AND text_key < ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524288), ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) - 1) + 1 WHERE rowid = NEW.rowid; INSERT INTO events_fts (rowid, title, summary) SELECT text_key, title, summary FROM events WHERE rowid = NEW.rowid; END;

CREATE TRIGGER events_text_update AFTER UPDATE OF title, summary, start_day, end_day
        ON events BEGIN INSERT INTO events_fts (events_fts, rowid, title, summary) VALUES ('delete', OLD.text_key, OLD.title, OLD.summary); SELECT RAISE(ABORT, 'too many events share one start and end day') WHERE (SELECT max(text_key) FROM events WHERE text_key >= ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) AND text_key < ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524288) = ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524287; UPDATE events SET text_key = coalesce((SELECT max(text_key) FROM events WHERE text_key >= ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) AND text_key < ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) + 524288), ((NEW.start_day << 41) | ((NEW.end_day - NEW.start_day) << 19)) - 1) + 1 WHERE rowid = NEW.rowid; INSERT INTO events_fts (rowid, title, summary) SELECT text_key, title, summary FROM events WHERE rowid = NEW.rowid; END;

CREATE TRIGGER events_text_delete AFTER DELETE ON events BEGIN INSERT INTO events_fts (events_fts, rowid, title, summary) VALUES ('delete', OLD.text_key, OLD.title, OLD.summary); END;

CREATE TRIGGER events_facets_update AFTER UPDATE OF id, span_class, start_day, end_day
        ON events BEGIN
            UPDATE event_facets SET span_class = NEW.span_class, start_day = NEW.start_day,
                end_day = NEW.end_day, event_id = NEW.id
            WHERE event_id = OLD.id;
        END;

CREATE TRIGGER events_facets_delete AFTER DELETE ON events BEGIN
            DELETE FROM event_facets WHERE event_id = OLD.id;
        END;

CREATE TRIGGER event_actors_facets_insert AFTER INSERT ON event_actors BEGIN INSERT OR IGNORE INTO event_facets SELECT 'actor', NEW.actor_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id; END;

CREATE TRIGGER event_actors_facets_delete AFTER DELETE ON event_actors BEGIN DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'actor' AND value = OLD.actor_id; END;

CREATE TRIGGER event_actors_facets_update AFTER UPDATE ON event_actors BEGIN
                DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'actor' AND value = OLD.actor_id; INSERT OR IGNORE INTO event_facets SELECT 'actor', NEW.actor_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id;
            END;

CREATE TRIGGER event_places_facets_insert AFTER INSERT ON event_places BEGIN INSERT OR IGNORE INTO event_facets SELECT 'place', NEW.place_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id; END;

CREATE TRIGGER event_places_facets_delete AFTER DELETE ON event_places BEGIN DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'place' AND value = OLD.place_id; END;

CREATE TRIGGER event_places_facets_update AFTER UPDATE ON event_places BEGIN
                DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'place' AND value = OLD.place_id; INSERT OR IGNORE INTO event_facets SELECT 'place', NEW.place_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id;
            END;

CREATE TRIGGER event_tags_facets_insert AFTER INSERT ON event_tags BEGIN INSERT OR IGNORE INTO event_facets SELECT 'tag', NEW.tag_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id; END;

CREATE TRIGGER event_tags_facets_delete AFTER DELETE ON event_tags BEGIN DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'tag' AND value = OLD.tag_id; END;

CREATE TRIGGER event_tags_facets_update AFTER UPDATE ON event_tags BEGIN
                DELETE FROM event_facets WHERE event_id = OLD.event_id AND facet = 'tag' AND value = OLD.tag_id; INSERT OR IGNORE INTO event_facets SELECT 'tag', NEW.tag_id, span_class, start_day, end_day, id FROM events WHERE id = NEW.event_id;
            END;

CREATE TRIGGER sources_revision_insert AFTER INSERT ON sources BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER sources_revision_update AFTER UPDATE ON sources BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER sources_revision_delete AFTER DELETE ON sources BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER actors_revision_insert AFTER INSERT ON actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER actors_revision_update AFTER UPDATE ON actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER actors_revision_delete AFTER DELETE ON actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER places_revision_insert AFTER INSERT ON places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER places_revision_update AFTER UPDATE ON places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER places_revision_delete AFTER DELETE ON places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER tags_revision_insert AFTER INSERT ON tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER tags_revision_update AFTER UPDATE ON tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER tags_revision_delete AFTER DELETE ON tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER events_revision_insert AFTER INSERT ON events BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER events_revision_update AFTER UPDATE ON events BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER events_revision_delete AFTER DELETE ON events BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_actors_revision_insert AFTER INSERT ON event_actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_actors_revision_update AFTER UPDATE ON event_actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_actors_revision_delete AFTER DELETE ON event_actors BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_places_revision_insert AFTER INSERT ON event_places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_places_revision_update AFTER UPDATE ON event_places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_places_revision_delete AFTER DELETE ON event_places BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_tags_revision_insert AFTER INSERT ON event_tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_tags_revision_update AFTER UPDATE ON event_tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;

CREATE TRIGGER event_tags_revision_delete AFTER DELETE ON event_tags BEGIN UPDATE meta SET revision = revision + 1 WHERE id = 1; END;
