// Schedule names, apart from the classes: the CLI parses without loading them.

/** The learning-rate schedules the app offers (the `optim.lrScheduler` classes). */
export const SCHEDULE_NAMES = ['one-cycle', 'exponential', 'constant'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];
