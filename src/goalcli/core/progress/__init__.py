"""Progress arithmetic for goals: plain functions over plain data, one module per job.

- levels: a goal's kind, level, progress, status and standing, and their words;
- habit: rhythm, streaks and habit strength;
- trends: the Theil–Sen trend per week;
- review_scores: GAS T-scores, GBO changes and members' agreement;
- mood: mood averages.

Import from the module that does the job; this package re-exports nothing.
"""
