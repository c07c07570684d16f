import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * `manager.findOne(target, { where: { id }, lock: { mode: 'pessimistic_write' } })` without TypeORM
 * building the query anew at every call: on hot paths (a settlement burst locks thousands of rows a
 * second) building it cost more CPU than PostgreSQL spent running it. The row is hydrated with
 * TypeORM's own conversions of each column, as `findOne` does. For entities of plain columns only
 * (no relations, no `select: false`), keyed by one primary column.
 */
export async function findOneForUpdate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, id: string): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const key = metadata.primaryColumns[0].databaseName;
  const rows: Record<string, unknown>[] = await manager.query(`SELECT * FROM ${metadata.tablePath} WHERE "${key}" = $1 FOR UPDATE`, [id]);
  if (rows.length === 0) return null;
  const entity = metadata.create(manager.queryRunner) as T;
  for (const column of metadata.columns) {
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(rows[0][column.databaseName], column));
  }
  return entity;
}
