import { createMemoryStore } from '../../src/store/memory.ts';
import { runStoreContract } from './contract.ts';

runStoreContract('memory', async () => ({ store: createMemoryStore(), cleanup: async () => undefined }));
