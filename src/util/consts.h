/*
 * consts: the numbers that more than one module must agree on, each
 * written once.
 */
#ifndef UTILIS_CONSTS_H
#define UTILIS_CONSTS_H

/*
 * The small-group rule (docs/statistics.md "Small groups are never shown"):
 * by default no figure is shown about fewer people than this (an indicator
 * set may only raise it; a referential's jury may lower it to
 * REF_MIN_GROUP_LEAST).
 */
#define UT_MIN_GROUP 5

/* Definitions (surveys, indicator sets, referentials, layouts) are small: a bigger file is not one. */
#define UT_MAX_DEFINITION (16u << 20)

/* Rows of an Excel sheet, header included (the .xlsx format's limit). */
#define UT_XLSX_MAX_ROWS 1048576

#endif
