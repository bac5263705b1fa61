"""The synthetic national register (the project's default raw data).

One module per part of the model, in the order the generator uses them:

* ``options``: what a run is asked for (years, seed, scale, input folders) and its checks;
* ``numeric``: integer allocation helpers (largest remainders, IPF, exact-margin matrices);
* ``geography``: municipal divisions and boundary changes, read from the reference seeds;
* ``population``: population stocks by municipality, sex and age (StatBank 07459);
* ``flows``: migration volumes of a year (SSB's 2015 county table, origin-destination flows);
* ``events``: event rows (moves, births, deaths) with the register's imperfections;
* ``schedules``: who moves, by age and sex (Rogers-Castro model migration schedules, families);
* ``mortality``: deaths by age and sex from the population at risk;
* ``cohorts``: cohort-consistent stocks (the account of every cohort, across boundary changes);
* ``ages``: birth dates and sexes of the year's movers and dead, and the year-end stock;
* ``writer``: the raw register's Parquet layout;
* ``generate``: one run, year by year, written under ``--out``.
"""
