import { SwitchboardError } from '../core/errors/index.ts';
import { formatProblem, type Problem } from '../core/policy/problem.ts';

/** The error a policy with problems is refused with: every error-level problem, one per line. */
export function invalidPolicy(problems: Problem[]): SwitchboardError {
  const errors = problems.filter((p) => p.severity !== 'warning');
  return new SwitchboardError(
    'SWB_CONFIG_INVALID',
    `the policy has ${errors.length} problem(s):\n${errors.map(formatProblem).join('\n')}`,
    { problems },
  );
}
