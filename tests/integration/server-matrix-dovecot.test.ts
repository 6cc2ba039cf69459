// The protocol matrix (tests/integration/server-matrix.ts) against a real Dovecot 2.3 started for this file.
import { startDovecot } from '../helpers/dovecot';
import { describeServerMatrix } from './server-matrix';

describeServerMatrix('Dovecot 2.3', async () => ({ kind: 'dovecot', ...(await startDovecot()) }));
