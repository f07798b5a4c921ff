import type { Span } from '@opentelemetry/api';

import type { AccessContext } from './access/access-context';
import type { Coverage } from './routing/coverage';

/** What every stage knows of the caller: built once per HTTP request, before any operation runs. */
export interface GatewayContext {
  access: AccessContext;
  /** The request's trace span: subgraph calls are its children (set by the telemetry plugin). */
  span?: Span;
  /** Set by the routed executors when regional nodes answer: which were asked, answered, missing. */
  coverage?: Coverage;
}

/** enforce: withhold and mask; strict: refuse the whole request if anything would be withheld; dry-run: answer fully, log. */
export type AccessMode = 'enforce' | 'strict' | 'dry-run';
