export * from './accounts';
export * from './mailboxes';
export * from './cases';
export * from './webhooks';
export * from './rules';
export * from './oauth';
export * from './live';
export * from './sessions';
