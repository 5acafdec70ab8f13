// Collection names and their ids (sync_collections). The standard names are
// seeded by the patch; a new name gets the next id on its first write. Ids
// never change once given, so every process can keep them in memory.
import type { Driver } from '../../../db/sql/driver.js';

export class CollectionIds {
  private readonly byName = new Map<string, number>();

  constructor(private readonly driver: Driver) {}

  /** The id of a collection that has been written to at some time, or undefined. */
  async find(name: string): Promise<number | undefined> {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    const row = await this.driver.get('SELECT id FROM sync_collections WHERE name = ?', [name]);
    if (row === undefined) return undefined;
    const id = Number(row.id);
    this.byName.set(name, id);
    return id;
  }

  /**
   * The id of `name`, created when new. This runs outside the write's
   * transaction: an id nobody ends up writing to is harmless, and two
   * processes creating one name settle on the first insert.
   */
  async ensure(name: string): Promise<number> {
    const found = await this.find(name);
    if (found !== undefined) return found;
    try {
      await this.driver.run('INSERT INTO sync_collections (name) VALUES (?)', [name]);
    } catch (err) {
      if (!this.driver.isDuplicate(err)) throw err;
    }
    const created = await this.find(name);
    if (created === undefined) throw new Error(`collection ${name} was not created`);
    return created;
  }
}
