// The order test files start in: within each project, the files known to take longest first (listed below,
// longest first), then the rest as vitest orders them. On a fresh clone vitest has no timings and starts the
// largest files first, so a short file that runs for minutes (a crash loop, a corpus) used to start last and
// leave the other worker idle while it finished. The list: the files that take minutes on the 2-core machine
// (crash loops, corpora, simulated months), longest first.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  // integration
  'sync-crash-safety',
  'webhook-crash-safety',
  'oauth-refresh',
  'rules-simulator-corpus',
  'sync-mail-corpus',
  'sync-hostile',
  'inbound-smtp',
  // e2e
  'runner-app',
  'xss-corpus',
  'ingest-budget',
].map((name) => `/${name}.test.ts`);

function rank(spec: TestSpecification): number {
  const i = LONGEST_FIRST.findIndex((suffix) => spec.moduleId.endsWith(suffix));
  return i < 0 ? LONGEST_FIRST.length : i;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: projects stay in their order and unlisted files keep theirs.
    const position = new Map(sorted.map((spec, i) => [spec, i]));
    const project = (spec: TestSpecification) => sorted.findIndex((s) => s.project === spec.project);
    return [...sorted].sort(
      (a, b) => project(a) - project(b) || rank(a) - rank(b) || position.get(a)! - position.get(b)!,
    );
  }
}
