import { NestFactory } from '@nestjs/core';
import { systemActor } from '@lib/auth';
import { PASSWORD_MAX, PASSWORD_MIN } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { IdentityCliModule } from '../apps/identity/src/cli/identity-cli.module';
import { RegistrationService } from '../apps/identity/src/users/registration.service';

const USAGE = `Usage:
  npm run cli -- create-operator --email EMAIL --name NAME [--password-stdin]

  create-operator   creates a platform operator. The password is asked for (hidden), or read
                    from standard input with --password-stdin. There is no default operator.`;

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) throw new Error('No terminal to ask for a password: pass --password-stdin and pipe it in');
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
        write(s.startsWith(prompt) ? prompt : '');
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if ((await ask('Repeat password: ')) !== first) throw new Error('The passwords differ');
  return first;
}

async function createOperator(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
  });
  const email = values.email?.trim().toLowerCase();
  const name = values.name?.trim();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || !name) throw new Error(USAGE);
  const password = await readPassword(values['password-stdin'] ?? false);
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new Error(`The password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  }
  const app = await NestFactory.createApplicationContext(IdentityCliModule, { logger: ['error'], abortOnError: false });
  try {
    const me = await app.get(RegistrationService).createOperator(email, name, password, systemActor('cli:create-operator'));
    console.log(`Operator created: ${me.user.email} (${me.user.id})`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'create-operator') return createOperator(rest);
  throw new Error(USAGE);
}

main().catch((error) => {
  console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error.message);
  process.exit(1);
});
