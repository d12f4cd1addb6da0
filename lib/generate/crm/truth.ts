/** The effects a generated CRM dataset was made with, for tests to recover. */
export interface CrmEffects {
  /** Probability that an interaction is resolved, per channel. */
  readonly resolveProbability: Readonly<Record<string, number>>;
  /** The channel that resolves best, or `null` when all resolve alike. */
  readonly bestChannel: string | null;
  /** Channel weights per age band (`18-34`, `35-54`, `55+`). */
  readonly channelWeights: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Median resolution hours per channel. */
  readonly medianHours: Readonly<Record<string, number>>;
  /** Price elasticity of demand per product category. */
  readonly elasticity: Readonly<Record<string, number>>;
  /** Win probability per sales region. */
  readonly winProbability: Readonly<Record<string, number>>;
  /** The region with the lowest win probability, or `null` when all are alike. */
  readonly laggingRegion: string | null;
  /** Reps whose targets were set below their expected won value (they exceed target). */
  readonly exceedingReps: readonly string[];
  /** Expected attainment of exceeding reps and of the others. */
  readonly attainment: { readonly exceeding: number; readonly others: number };
  /** Customer region whose customers buy premium products more often, or `null`. */
  readonly premiumRegion: string | null;
}

/** The defects planted in a generated CRM dataset, with exact counts (0 when switched off). */
export interface CrmDefects {
  readonly duplicateCustomers: number;
  readonly duplicateInteractions: number;
  readonly duplicateDeals: number;
  readonly duplicateTransactionRows: number;
  readonly brokenInteractionCustomers: number;
  readonly brokenTransactionCustomers: number;
  readonly brokenTransactionProducts: number;
  readonly brokenDealReps: number;
  /** The pipeline's misspelling of a product name, and the rows that carry it. */
  readonly nearDuplicateProduct: {
    readonly wrong: string;
    readonly right: string;
    readonly rows: number;
  };
  readonly inconsistentAmounts: number;
  readonly transactionDatesOutOfRange: number;
  readonly closeBeforeEngage: number;
  readonly resolutionBeforeCreation: number;
  /** Channel values written in another case or with stray spaces. */
  readonly channelSpellingVariants: number;
  readonly missingChannel: number;
  readonly missingAccounts: number;
  readonly repsWithoutDeals: readonly string[];
}

/** What a generated dataset was made with. */
export interface CrmTruth {
  readonly effects: CrmEffects;
  readonly defects: CrmDefects;
}
