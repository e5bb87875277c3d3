/**
 * The typed client against a live server: TIMELINE_URL (a running `timeline serve` on the
 * bundled dataset) and TIMELINE_TOKEN (a token it accepts). tests/contract/
 * test_typescript_client.py starts the server, compiles this file and runs it with node --test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  type ChangeEntry,
  type ChangesPage,
  type Event,
  type EventRecord,
  ProblemError,
  TimelineClient,
} from "./client.mjs";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`set ${name}`);
  return value;
}

const client = new TimelineClient(required("TIMELINE_URL"), { token: required("TIMELINE_TOKEN") });
const reader = new TimelineClient(required("TIMELINE_URL"));

async function collect(events: AsyncIterable<Event>): Promise<Event[]> {
  const all: Event[] = [];
  for await (const event of events) all.push(event);
  return all;
}

async function collectChanges(
  query: Parameters<TimelineClient["listChanges"]>[0],
): Promise<{ items: ChangeEntry[]; last: ChangesPage }> {
  const items: ChangeEntry[] = [];
  let last: ChangesPage | undefined;
  for await (const item of reader.listChanges(query, (page) => (last = page))) items.push(item);
  assert.ok(last !== undefined);
  return { items, last };
}

async function problemFrom(action: () => Promise<unknown>): Promise<ProblemError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  assert.fail("expected a problem response");
}

test("lists events with filters: every event has the tag and meets the window", async () => {
  const page = await reader.listEventPage({
    tag: ["us-china-relations"],
    from: "2023",
    to: "2024-03",
    limit: 100,
  });
  assert.ok(page.items.length > 0, "the bundled dataset has US–China events in this window");
  for (const event of page.items) {
    assert.ok(event.tags.includes("us-china-relations"), event.id);
    assert.ok(event.start <= "2024-03-31" && event.end >= "2023-01-01", event.id);
  }
  assert.equal(page.next, null);
});

test("follows next through every page: the same events, in the same order, once each", async () => {
  const whole = await reader.listEventPage({ limit: 100 });
  assert.equal(whole.next, null);
  const paged = await collect(reader.listEvents({ limit: 2 }));
  assert.ok(whole.items.length > 2, "more than one page");
  assert.deepEqual(
    paged.map((event) => event.id),
    whole.items.map((event) => event.id),
  );
});

test("follows next newest first too", async () => {
  const paged = await collect(reader.listEvents({ limit: 3, sort: "-date" }));
  const starts = paged.map((event) => event.start);
  assert.deepEqual(starts, [...starts].sort().reverse());
});

test("reads one event with its ETag", async () => {
  const [first] = (await reader.listEventPage({ limit: 1 })).items;
  assert.ok(first !== undefined);
  const { body, etag } = await reader.getEvent(first.id);
  assert.deepEqual(body, first);
  assert.match(etag, /^"[^"]+"$/, "a strong ETag");
});

test("a bad filter is a 400 problem naming the parameter", async () => {
  const error = await problemFrom(() => reader.listEventPage({ from: "2024-13" }));
  assert.equal(error.status, 400);
  assert.equal(error.problem.title, "Bad Request");
  assert.deepEqual(
    error.problem.errors?.map((item) => item.parameter),
    ["from"],
  );
});

test("a missing event is a 404 problem", async () => {
  const error = await problemFrom(() => reader.getEvent("no-such-event"));
  assert.equal(error.status, 404);
  assert.match(error.problem.detail, /no-such-event/);
});

test("a write without a token is a 401 problem", async () => {
  const error = await problemFrom(() => reader.deleteEvent("two-sessions-2024", '"x"'));
  assert.equal(error.status, 401);
});

test("creates, patches with If-Match and deletes an event", async () => {
  const record: EventRecord = {
    id: "typescript-client-check-2024",
    title: "A check written by the TypeScript client",
    summary: "Created, changed and removed again by the client's live test.",
    date: "2024-04",
    source: "asianews-2024-us-china-repatriation",
    tags: ["us-china-relations"],
  };
  const created = await client.createEvent(record);
  assert.equal(created.body.id, record.id);
  assert.equal(created.body.start, "2024-04-01");
  assert.equal(created.body.end, "2024-04-30");
  assert.equal(created.body.precision, "month");
  assert.equal(created.location.pathname, `/events/${record.id}`);
  assert.equal((await client.getEvent(record.id)).etag, created.etag);

  const patched = await client.patchEvent(record.id, { date: "2024-04-07" }, created.etag);
  assert.equal(patched.body.precision, "day");
  assert.equal(patched.body.start, "2024-04-07");
  assert.notEqual(patched.etag, created.etag);

  const stale = await problemFrom(() =>
    client.patchEvent(record.id, { title: "Lost update" }, created.etag),
  );
  assert.equal(stale.status, 412);
  const staleDelete = await problemFrom(() => client.deleteEvent(record.id, created.etag));
  assert.equal(staleDelete.status, 412);

  await client.deleteEvent(record.id, patched.etag);
  const gone = await problemFrom(() => client.getEvent(record.id));
  assert.equal(gone.status, 404);
});

test("creating an id that exists is a 409 problem", async () => {
  const [first] = (await reader.listEventPage({ limit: 1 })).items;
  assert.ok(first !== undefined);
  const error = await problemFrom(() =>
    client.createEvent({
      id: first.id,
      title: first.title,
      summary: first.summary,
      date: first.date,
      source: first.source,
    }),
  );
  assert.equal(error.status, 409);
});

test("the change feed lists a create and a delete after a revision, page by page", async () => {
  const start = await reader.listChangePage({ limit: 1 });
  const since = { since: start.revision, instance: start.instance };
  assert.deepEqual((await reader.listChangePage(since)).items, [], "nothing after now");

  const record: EventRecord = {
    id: "typescript-feed-check-2024",
    title: "A check of the change feed",
    summary: "Created and removed again by the client's live test.",
    date: "2024-04-02",
    source: "asianews-2024-us-china-repatriation",
  };
  const created = await client.createEvent(record);
  await client.deleteEvent(record.id, created.etag);

  const { items, last } = await collectChanges({ ...since, limit: 1 });
  const mine = items.filter((item) => item.kind === "event" && item.id === record.id);
  assert.deepEqual(
    mine.map((item) => item.action),
    ["create", "delete"],
  );
  assert.equal(mine[0]?.item?.["title"], record.title);
  assert.equal(mine[1]?.item, null, "a delete is a tombstone");
  const revisions = items.map((item) => item.revision);
  assert.deepEqual(revisions, [...revisions].sort((a, b) => a - b));
  assert.ok(revisions.every((revision) => revision > start.revision));
  assert.equal(last.next, null);
  assert.ok(last.revision >= (revisions.at(-1) ?? 0));
});

test("a since from another instance is a 410 problem, one without an instance a 400", async () => {
  const gone = await problemFrom(() =>
    reader.listChangePage({ since: 1, instance: "0".repeat(32) }),
  );
  assert.equal(gone.status, 410);
  const bad = await problemFrom(() => reader.listChangePage({ since: 1 }));
  assert.equal(bad.status, 400);
});
