import { DefaultNamingStrategy } from 'typeorm';

/** snake_case columns, so plain SQL over the source databases reads naturally. */
export class SnakeNamingStrategy extends DefaultNamingStrategy {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? propertyName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    return prefixes.length ? `${prefixes.join('_')}_${name}` : name;
  }
}
