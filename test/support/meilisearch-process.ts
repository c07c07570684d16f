import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BINARY = resolve(__dirname, '..', '..', 'node_modules', '@gaubee', 'meilisearch-linux-amd64', 'meilisearch');

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * A Meilisearch of the test's own, so a test may stop and restart it without disturbing the
 * Meilisearch every other test file shares.
 */
export class PrivateMeilisearch {
  private child: ChildProcess | null = null;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'meili-test-'));

  private constructor(
    readonly port: number,
    readonly masterKey: string,
  ) {}

  static async start(masterKey: string): Promise<PrivateMeilisearch> {
    const meili = new PrivateMeilisearch(await freePort(), masterKey);
    await meili.resume();
    return meili;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    chmodSync(BINARY, 0o755);
    this.child = spawn(
      BINARY,
      ['--db-path', join(this.dataDir, 'db'), '--http-addr', `127.0.0.1:${this.port}`, '--master-key', this.masterKey, '--no-analytics'],
      { stdio: 'ignore', cwd: this.dataDir },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await fetch(`${this.url}/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('private Meilisearch did not start');
  }

  /** Kills it outright, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  /** Deletes its data (stop it first): it comes back empty, as after a lost disk. */
  wipe(): void {
    if (this.child) throw new Error('stop the private Meilisearch before wiping its data');
    rmSync(join(this.dataDir, 'db'), { recursive: true, force: true });
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
