import type { Limits } from '../limits.ts';
import type { PolicyLoader } from '../../config/load.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Clock } from '../../core/util/clock.ts';
import type { IdGenerator } from '../../core/util/ids.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { ResolvedOptions } from '../options/index.ts';

/** What every subsystem starts from: the validated options and the instance-wide services. */
export interface BootContext {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly loader: PolicyLoader;
  /** The data directory (options.dataDir or ./data). */
  readonly dataDir: string;
  readonly life: Lifecycle;
  /** The bounds in force (options over defaults), frozen. */
  readonly limits: Limits;
}
