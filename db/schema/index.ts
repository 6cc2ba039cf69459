export * from './accounts';
export * from './mailboxes';
export * from './cases';
