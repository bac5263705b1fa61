"""pytest: the generator, the seeds, the dbt project on fixtures, the command line, engines."""
