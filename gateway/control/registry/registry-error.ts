import { GraphQLError } from 'graphql';

import type { CheckFinding } from './model';

/** Error code of a registry refusal: a failed check, the two-person rule, an unknown name. */
export const REGISTRY_REFUSED = 'REGISTRY_REFUSED';

export class RegistryRefusal extends GraphQLError {
  constructor(
    message: string,
    readonly findings: CheckFinding[] = [],
  ) {
    super(message, { extensions: { code: REGISTRY_REFUSED, ...(findings.length ? { findings } : {}) } });
  }

  /** Already written to the registry's history (as a rejected revision). */
  get recorded(): boolean {
    return this.extensions['recorded'] === true;
  }
}
