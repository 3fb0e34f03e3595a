import type { LimitsOptions } from '../limits.ts';
import type { SourceText } from '../../config/read-sources.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { Clock } from '../../core/util/clock.ts';
import type { IdGenerator } from '../../core/util/ids.ts';
import type { EmbeddedPlugin } from '../../plugins/index.ts';
import type { Store } from '../../store/types.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { SecurityOptions } from '../security.ts';

export interface SurveyLink {
  token: string;
  path: string;
  expiresAt: string;
}

/**
 * What createSwitchboard takes, one section per subsystem (schema.ts says what each field
 * accepts and its default; docs/embedding.md lists them).
 */
export interface SwitchboardOptions {
  policy?: {
    path?: string;
    preset?: string;
    sources?: SourceText[];
    watch?: boolean | { debounceMs?: number };
  };
  store?: Store;
  dataDir?: string;
  lowdb?: { archiveClosedAfterDays?: number };
  postgres?: { url: string; schema?: string };
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
  bus?: EventBus;
  sla?: { pollMs?: number; leaseMs?: number };
  plugins?: {
    embedded?: EmbeddedPlugin[];
    dirs?: string[];
    hookTimeoutMs?: number;
    setupTimeoutMs?: number;
  };
  qa?: { tickMs?: number };
  reports?: { tickMs?: number; dir?: string };
  csat?: { onSurveyLink?: (ticket: Ticket, link: SurveyLink) => void };
  security?: SecurityOptions;
  /** Bounds that keep one client from taking the runtime down (src/switchboard/limits.ts). */
  limits?: LimitsOptions;
}

/**
 * The flat options of version 0.1 (`config`, `databaseUrl`, `slaPollMs`, a `plugins` array, ...).
 * Still accepted, each with a warning naming its place in SwitchboardOptions.
 * @deprecated use the nested SwitchboardOptions.
 */
export interface FlatSwitchboardOptions
  extends Omit<SwitchboardOptions, 'policy' | 'lowdb' | 'postgres' | 'sla' | 'plugins' | 'qa' | 'reports' | 'csat'> {
  config?: string;
  preset?: string;
  sources?: SourceText[];
  watch?: boolean | { debounceMs?: number };
  databaseUrl?: string;
  databaseSchema?: string;
  archiveClosedAfterDays?: number;
  slaPollMs?: number;
  slaLeaseMs?: number;
  plugins?: EmbeddedPlugin[];
  pluginDirs?: string[];
  pluginHookTimeoutMs?: number;
  pluginSetupTimeoutMs?: number;
  qaTickMs?: number;
  reportsTickMs?: number;
  onSurveyLink?: (ticket: Ticket, link: SurveyLink) => void;
}

/** The options after validation: the same shape, frozen section by section. */
export type ResolvedOptions = Readonly<SwitchboardOptions>;
