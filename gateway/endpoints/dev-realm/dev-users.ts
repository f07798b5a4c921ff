import type { DevTokenRequest } from './mint-token';

/**
 * Users of the dev realm's password grant (password = user name). They exist only in dev mode, so that
 * the explorer and the examples can log in the way a Keycloak login would.
 */
export const DEV_USERS: ReadonlyArray<Omit<DevTokenRequest, 'ttlSeconds'>> = [
  { user: 'staffing.suzhou', roles: ['staffing-officer'], region: '320500', department: 'staffing' },
  { user: 'finance.suzhou', roles: ['finance-officer'], region: '320500', department: 'finance' },
  { user: 'civil.suzhou', roles: ['civil-affairs-officer'], region: '320500', department: 'civil-affairs' },
  { user: 'auditor.province', roles: ['auditor'], region: '320000', department: 'audit' },
  { user: 'supervisor.province', roles: ['supervisor'], region: '320000', department: 'discipline-inspection' },
  { user: 'admin.alice', roles: ['registry-admin'], region: '320000', department: 'platform' },
  { user: 'admin.bob', roles: ['registry-admin'], region: '320000', department: 'platform' },
  { user: 'partner.market', roles: ['partner-dept'], region: '320500', department: 'market-regulation' },
  { user: 'log.reader', roles: ['audit-log-reader'], region: '320000', department: 'discipline-inspection' },
  { user: 'supervisor.suzhou', roles: ['supervisor'], region: '320500', department: 'discipline-inspection' },
  { user: 'rectifier.suzhou', roles: ['rectifier'], region: '320500', department: 'staffing' },
  { user: 'steward.civil', roles: ['data-steward'], region: '320500', department: 'civil-affairs' },
  { user: 'steward.finance', roles: ['data-steward'], region: '320500', department: 'finance' },
];
