// The protocol matrix (tests/integration/server-matrix.ts) against a real Cyrus IMAP 3.6 started for this file.
import { startCyrus } from '../helpers/cyrus';
import { describeServerMatrix } from './server-matrix';

describeServerMatrix('Cyrus IMAP 3.6', startCyrus);
