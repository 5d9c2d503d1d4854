import { afterEach, beforeEach, describe } from 'vitest';
import type { Stores } from '../../domain/ports.js';
import { caseListContract } from './case-list.contract.js';
import { caseRepoContract } from './case-repo.contract.js';
import { enterpriseRepoContract } from './enterprise-repo.contract.js';
import { identityRepoContract } from './identity-repo.contract.js';
import { smallReposContract } from './small-repos.contract.js';

export type ContractStores = Stores & { cleanup?: () => Promise<void> };

/**
 * The one behaviour every Stores adapter must show. `factory` runs before each test and must hand back
 * empty stores; `cleanup` runs after it (an adapter may reuse one connection and just empty it).
 */
export function describeStoresContract(name: string, factory: () => Promise<ContractStores>): void {
  describe(`Stores contract: ${name}`, () => {
    let stores: ContractStores | undefined;
    const get = (): Stores => {
      if (!stores) throw new Error('stores not open');
      return stores;
    };
    beforeEach(async () => {
      stores = await factory();
    });
    afterEach(async () => {
      await stores?.cleanup?.();
      stores = undefined;
    });

    caseRepoContract(get);
    caseListContract(get);
    enterpriseRepoContract(get);
    identityRepoContract(get);
    smallReposContract(get);
  });
}
