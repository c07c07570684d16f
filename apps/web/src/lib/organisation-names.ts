/** What any signed-in member may know of an organisation (`GET /organisations/names`). */
export interface OrganisationName {
  id: string;
  name: string;
  kind: string;
  verified: boolean;
}

export type FetchNames = (ids: string[]) => Promise<OrganisationName[]>;

/** The API refuses anything but UUID v4 ids and more than 100 at once. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const NAMES_PER_REQUEST = 100;

/**
 * Names of organisations by id, asked for in batches: every id requested during one tick goes out in
 * one request (split by 100). An id the API does not know is remembered as unknown; a failed request
 * forgets its ids, so the next page that needs them asks again. Pages show the id until a name is known.
 */
export class OrganisationNameCache {
  private readonly known = new Map<string, OrganisationName | null>();
  private readonly inFlight = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private scheduled = false;
  private generation = 0;

  constructor(private readonly fetchNames: FetchNames) {}

  /** The organisation, `null` if the API does not know it, `undefined` while not (yet) asked. */
  get(id: string): OrganisationName | null | undefined {
    return this.known.get(id.toLowerCase());
  }

  request(ids: Iterable<string | null | undefined>): void {
    for (const raw of ids) {
      const id = raw?.toLowerCase();
      if (!id || !UUID_V4.test(id) || this.known.has(id) || this.inFlight.has(id)) continue;
      this.queued.add(id);
    }
    if (this.queued.size === 0 || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => void this.flush());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At login and logout: what one user's session asked is not kept for the next. */
  clear(): void {
    this.generation += 1;
    this.known.clear();
    this.inFlight.clear();
    this.queued.clear();
    this.notify();
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const ids = [...this.queued];
    this.queued.clear();
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += NAMES_PER_REQUEST) chunks.push(ids.slice(i, i + NAMES_PER_REQUEST));
    await Promise.all(chunks.map((chunk) => this.load(chunk)));
  }

  private async load(ids: string[]): Promise<void> {
    const generation = this.generation;
    for (const id of ids) this.inFlight.add(id);
    try {
      const found = await this.fetchNames(ids);
      if (generation !== this.generation) return;
      const byId = new Map(found.map((o) => [o.id.toLowerCase(), o]));
      for (const id of ids) this.known.set(id, byId.get(id) ?? null);
    } catch {
      // Left unknown: the pages keep showing the ids.
    } finally {
      if (generation === this.generation) for (const id of ids) this.inFlight.delete(id);
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
