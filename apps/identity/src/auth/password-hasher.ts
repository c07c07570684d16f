import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`; the package's const enum cannot be read under isolatedModules. */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 passes), from a package that ships
 * prebuilt binaries and needs no install script.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  /** Verified against when the account does not exist, so timing does not reveal which e-mails exist. */
  private decoy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(storedHash: string | undefined, password: string): Promise<boolean> {
    if (!storedHash) {
      this.decoy ??= this.hash('decoy password for absent accounts');
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(storedHash, password).catch(() => false);
  }
}
