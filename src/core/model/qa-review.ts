/** A quality review of one ticket, as stored and published (`qa.reviewed`). */
export type ItemResult = 'pass' | 'fail' | 'na';

export interface QaReview {
  ticketId: string;
  agent: string | null;
  reviewer: string;
  at: string;
  period: string;
  results: Record<string, ItemResult>;
  comment?: string;
  /** Weighted sums over the checklist of the policy at review time (na items count in neither). */
  scored: number;
  failed: number;
  /** Share of the weighted scored items that passed (1 when nothing was scored). */
  score: number;
  policyVersion: string;
}
