// POST /api/v1/cases/:number/merge – merge this case into another ({ "into": 12 }): its history joins case 12,
// its number then leads there (GET answers 308), and a case.merged event goes out; answers the surviving case
import { mergeCaseInput, mergeCases } from '@/lib/cases/merge-cases';
import { caseActionRoute } from '../../case-action-route';

export const POST = caseActionRoute({ body: mergeCaseInput }, mergeCases);
