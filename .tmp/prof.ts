import { benchReplay } from '../bench/replay.ts';
await benchReplay({ quick: true });
