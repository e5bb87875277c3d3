/**
 * A small typed client for the Timeline API, written only against the types that
 * openapi-typescript generates from openapi.yaml (./api-types.mts). If the contract changes
 * in a way that breaks a frontend, `tsc --noEmit` fails here first.
 */
import type { components, operations } from "./api-types.mjs";

export type Event = components["schemas"]["Event"];
export type EventRecord = components["schemas"]["EventRecord"];
export type Problem = components["schemas"]["Problem"];
export type EventQuery = NonNullable<operations["listEvents"]["parameters"]["query"]>;
export type EventPage =
  operations["listEvents"]["responses"][200]["content"]["application/json"];
export type EventPatch =
  operations["patchEvent"]["requestBody"]["content"]["application/merge-patch+json"];
export type ChangeEntry = components["schemas"]["ChangeEntry"];
export type ChangesQuery = NonNullable<operations["listChanges"]["parameters"]["query"]>;
export type ChangesPage =
  operations["listChanges"]["responses"][200]["content"]["application/json"];
type Created = operations["createEvent"]["responses"][201]["content"]["application/json"];
type Patched = operations["patchEvent"]["responses"][200]["content"]["application/json"];
type Fetched = operations["getEvent"]["responses"][200]["content"]["application/json"];

/** A representation with the strong ETag the server sent for it (send it back as If-Match). */
export interface Versioned<T> {
  readonly body: T;
  readonly etag: string;
}

/** What a create answered: the new event, its version, and where it lives. */
export interface CreatedEvent extends Versioned<Created> {
  readonly location: URL;
}

const JSON_TYPE = "application/json";
const PROBLEM_TYPE = "application/problem+json";
const MERGE_PATCH_TYPE = "application/merge-patch+json";

/** An error answer of the API, as the RFC 9457 problem it carried. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = "ProblemError";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface ClientOptions {
  /** A bearer token for writes (TIMELINE_API_TOKEN or a TIMELINE_TOKENS_FILE entry). */
  readonly token?: string;
}

export class TimelineClient {
  readonly #base: URL;
  readonly #token: string | undefined;

  constructor(baseUrl: string | URL, options: ClientOptions = {}) {
    this.#base = new URL(baseUrl);
    this.#token = options.token;
  }

  /** One page of events matching `query`; `next` is the URL of the following page, or null. */
  async listEventPage(query: EventQuery = {}): Promise<EventPage> {
    return this.#json<EventPage>(await this.#send("GET", this.#url("/events", query)));
  }

  /** Every event matching `query`, in timeline order, following `next` from page to page. */
  async *listEvents(query: EventQuery = {}): AsyncGenerator<Event, void, undefined> {
    let page = await this.listEventPage(query);
    for (;;) {
      yield* page.items;
      if (page.next === null) return;
      page = await this.#json<EventPage>(await this.#send("GET", new URL(page.next)));
    }
  }

  /** One page of the change feed after `since` (read from `instance`); 410 once rebuilt. */
  async listChangePage(query: ChangesQuery = {}): Promise<ChangesPage> {
    return this.#json<ChangesPage>(await this.#send("GET", this.#url("/changes", query)));
  }

  /**
   * Every change after `since`, oldest first, following `next` to now. Keep the last page's
   * `revision` and `instance` (`onPage` gets each page) to ask for what comes after.
   */
  async *listChanges(
    query: ChangesQuery = {},
    onPage: (page: ChangesPage) => void = () => {},
  ): AsyncGenerator<ChangeEntry, void, undefined> {
    let page = await this.listChangePage(query);
    for (;;) {
      onPage(page);
      yield* page.items;
      if (page.next === null) return;
      page = await this.#json<ChangesPage>(await this.#send("GET", new URL(page.next)));
    }
  }

  /** One event and its ETag. */
  async getEvent(id: string): Promise<Versioned<Fetched>> {
    return this.#versioned<Fetched>(await this.#send("GET", this.#itemUrl(id)));
  }

  /** Create an event (needs a token); the server computes start, end and precision. */
  async createEvent(record: EventRecord): Promise<CreatedEvent> {
    const response = await this.#send("POST", this.#url("/events"), {
      body: record,
      contentType: JSON_TYPE,
    });
    const location = response.headers.get("Location");
    if (location === null) throw new Error("201 Created without a Location header");
    const created = await this.#versioned<Created>(response);
    return { ...created, location: new URL(location, this.#base) };
  }

  /** Change some fields with a JSON merge patch, only if the event is still at `ifMatch`. */
  async patchEvent(id: string, patch: EventPatch, ifMatch: string): Promise<Versioned<Patched>> {
    const response = await this.#send("PATCH", this.#itemUrl(id), {
      body: patch,
      contentType: MERGE_PATCH_TYPE,
      ifMatch,
    });
    return this.#versioned<Patched>(response);
  }

  /** Delete an event, only if it is still at `ifMatch`. */
  async deleteEvent(id: string, ifMatch: string): Promise<void> {
    const response = await this.#send("DELETE", this.#itemUrl(id), { ifMatch });
    if (response.status !== 204) throw new Error(`DELETE answered ${response.status}, not 204`);
  }

  #url(path: string, query: EventQuery | ChangesQuery = {}): URL {
    const url = new URL(path, this.#base);
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(name, String(item));
      }
    }
    return url;
  }

  #itemUrl(id: string): URL {
    return this.#url(`/events/${encodeURIComponent(id)}`);
  }

  async #send(
    method: string,
    url: URL,
    options: { body?: unknown; contentType?: string; ifMatch?: string } = {},
  ): Promise<Response> {
    const headers = new Headers({ Accept: `${JSON_TYPE}, ${PROBLEM_TYPE}` });
    if (this.#token !== undefined && method !== "GET") {
      headers.set("Authorization", `Bearer ${this.#token}`);
    }
    if (options.contentType !== undefined) headers.set("Content-Type", options.contentType);
    if (options.ifMatch !== undefined) headers.set("If-Match", options.ifMatch);
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    const response = await fetch(url, init);
    if (!response.ok) throw new ProblemError(await problemOf(response));
    return response;
  }

  async #json<T>(response: Response): Promise<T> {
    const type = mediaType(response);
    if (type !== JSON_TYPE) throw new Error(`expected ${JSON_TYPE}, got ${type}`);
    return (await response.json()) as T;
  }

  async #versioned<T>(response: Response): Promise<Versioned<T>> {
    const etag = response.headers.get("ETag");
    if (etag === null) throw new Error(`${response.status} without an ETag`);
    return { body: await this.#json<T>(response), etag };
  }
}

async function problemOf(response: Response): Promise<Problem> {
  const type = mediaType(response);
  if (type !== PROBLEM_TYPE) {
    throw new Error(`${response.status} answered with ${type}, not ${PROBLEM_TYPE}`);
  }
  return (await response.json()) as Problem;
}

function mediaType(response: Response): string {
  return (response.headers.get("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
}
