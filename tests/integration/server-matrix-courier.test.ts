// The protocol matrix (tests/integration/server-matrix.ts) against a real Courier-IMAP 5.0 / Courier POP3 started for this file.
import { startCourier } from '../helpers/courier';
import { describeServerMatrix } from './server-matrix';

describeServerMatrix('Courier-IMAP 5.0 / Courier POP3', startCourier);
