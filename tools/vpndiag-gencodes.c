/*
 * Copyright (C) 2026 The vpndiag authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * vpndiag-gencodes: prints the code catalogue.
 *
 *  --list      id TAB taxonomy TAB category TAB name, one line per code and
 *              category (a code listed under both categories gets two lines)
 *  --ids       msgid TAB id TAB name (the format of code_ids.golden)
 *  --describe  id TAB name TAB description
 *  --causes    code_id TAB cause TAB status (active or retired), one line per
 *              (code, cause) pair in cause table order (the format of
 *              cause_ids.golden)
 *  --markdown [--reported FILE]
 *              the code reference, docs/codes.md; FILE (docs/reported.tsv,
 *              written by testing/reported from test results) lists per
 *              code_id the tests that proved vpndiag reports it, the
 *              "reported by vpndiag" column
 */

#include "vpndiag_catalogue.h"
#include "vpndiag_cause.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/** tests that proved a code (docs/reported.tsv), by code */
static char *proved[VPNDIAG_CODE_MAX];

/** tests named in the summary table per code, the rest are counted */
#define PROVED_SHOWN 2

/**
 * Print text escaped for Markdown paragraphs and table cells.
 */
static void md(FILE *out, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
	{
		switch (*p)
		{
			case '\\':
			case '*':
			case '`':
			case '|':
			case '[':
			case ']':
				fputc('\\', out);
				fputc(*p, out);
				break;
			case '<':
				fputs("&lt;", out);
				break;
			case '>':
				fputs("&gt;", out);
				break;
			case '&':
				fputs("&amp;", out);
				break;
			case '_':
				/* intraword underscores never start emphasis */
				if (p == s || !isalnum((unsigned char)p[-1]) ||
					!isalnum((unsigned char)p[1]))
				{
					fputc('\\', out);
				}
				fputc('_', out);
				break;
			default:
				fputc(*p, out);
				break;
		}
	}
}

static const char *produced_text(vpndiag_produced_t produced)
{
	switch (produced)
	{
		case VPNDIAG_PRODUCED_DIRECT:
			return "yes";
		case VPNDIAG_PRODUCED_PARTIAL:
			return "partly";
		case VPNDIAG_PRODUCED_NO:
			return "no";
	}
	return "?";
}

static const char *fix_text(vpndiag_fix_t fix)
{
	switch (fix)
	{
		case VPNDIAG_FIX_LOCAL:
			return "local: this gateway (its configuration or host).";
		case VPNDIAG_FIX_PEER:
			return "peer: the remote gateway or its operator.";
		case VPNDIAG_FIX_EITHER:
			return "either: whichever end is misconfigured or failing; "
				   "compare both.";
	}
	return "?";
}

static void print_categories(FILE *out, const vpndiag_code_info_t *info)
{
	fputs(vpndiag_category_name(info->category), out);
	if (info->both_categories)
	{
		fprintf(out, ", %s", vpndiag_category_name(
						info->category == VPNDIAG_CAT_NEGOTIATION ?
						VPNDIAG_CAT_DISCONNECTION : VPNDIAG_CAT_NEGOTIATION));
	}
}

static int list(FILE *out)
{
	const vpndiag_code_info_t *info;
	int i;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (!info)
		{
			fprintf(stderr, "no catalogue row for code %d\n", i);
			return 1;
		}
		fprintf(out, "%s\t%s\t%s\t%s\n", info->id,
				vpndiag_taxonomy_name(info->taxonomy),
				vpndiag_category_name(info->category), info->name);
		if (info->both_categories)
		{
			fprintf(out, "%s\t%s\t%s\t%s\n", info->id,
					vpndiag_taxonomy_name(info->taxonomy),
					vpndiag_category_name(
						info->category == VPNDIAG_CAT_NEGOTIATION ?
						VPNDIAG_CAT_DISCONNECTION : VPNDIAG_CAT_NEGOTIATION),
					info->name);
		}
	}
	return 0;
}

static int ids(FILE *out)
{
	const vpndiag_code_info_t *info;
	int i;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (!info)
		{
			fprintf(stderr, "no catalogue row for code %d\n", i);
			return 1;
		}
		fprintf(out, "%d\t%s\t%s\n", info->msgid, info->id, info->name);
	}
	return 0;
}

static int describe(FILE *out)
{
	const vpndiag_code_info_t *info;
	int i;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (!info)
		{
			fprintf(stderr, "no catalogue row for code %d\n", i);
			return 1;
		}
		fprintf(out, "%s\t%s\t%s\n", info->id, info->name, info->description);
	}
	return 0;
}

/**
 * The (code, cause) pairs: the primary row of each, in table order
 */
static int causes(FILE *out)
{
	const vpndiag_cause_info_t *info;
	const vpndiag_code_info_t *code;
	int i;

	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		info = vpndiag_cause_info(i);
		code = info ? vpndiag_code_info(info->code) : NULL;
		if (!info || !info->id || !code)
		{
			fprintf(stderr, "cause %d has no row or no valid code\n", i);
			return 1;
		}
		if (vpndiag_cause_is_primary(info))
		{
			fprintf(out, "%s\t%s\t%s\n", code->id, info->id,
					info->retired ? "retired" : "active");
		}
	}
	return 0;
}

/**
 * The causes of a code as a nested list under "Causes:"
 */
static void markdown_causes(FILE *out, const vpndiag_code_info_t *code)
{
	const vpndiag_cause_info_t *info;
	int i, n = 0;

	fputs("\n- **Causes:**", out);
	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		info = vpndiag_cause_info(i);
		if (!info || info->code != code->code)
		{
			continue;
		}
		n++;
		fprintf(out, "\n  - `%s`", info->id);
		if (!vpndiag_cause_is_primary(info))
		{
			fputs(" (variant)", out);
		}
		if (info->retired)
		{
			fputs(" · **retired**", out);
		}
		fprintf(out, " · fix: %s · confidence: %s",
				vpndiag_fix_name(info->fix),
				vpndiag_confidence_name(info->confidence));
		if (info->severity)
		{
			fprintf(out, " · severity: %s",
					vpndiag_severity_name(info->severity));
		}
		if (info->category != VPNDIAG_CAUSE_CAT_CODE)
		{
			fprintf(out, " · category: %s", vpndiag_category_name(
					info->category == VPNDIAG_CAUSE_CAT_NEGOTIATION ?
					VPNDIAG_CAT_NEGOTIATION : VPNDIAG_CAT_DISCONNECTION));
		}
		fputs(" — ", out);
		if (info->meaning)
		{
			md(out, info->meaning);
		}
		else
		{
			fprintf(out, "the same cause as `%s` above, seen through other "
					"evidence", info->id);
		}
		if (info->remedy)
		{
			fputs(" (remedy of its own)", out);
		}
	}
	if (!n)
	{
		fputs(" none listed.", out);
	}
}

/**
 * Read docs/reported.tsv: code_id TAB space-separated tests, '#' comments
 */
static int read_reported(const char *path)
{
	const vpndiag_code_info_t *info;
	char line[8192], *tab;
	FILE *file;
	size_t len;
	int lineno = 0;

	file = fopen(path, "r");
	if (!file)
	{
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	while (fgets(line, sizeof(line), file))
	{
		lineno++;
		len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		{
			line[--len] = '\0';
		}
		if (!len || line[0] == '#')
		{
			continue;
		}
		tab = strchr(line, '\t');
		if (tab)
		{
			*tab++ = '\0';
		}
		info = vpndiag_code_lookup(line);
		if (!tab || !*tab || !info || strcmp(info->id, line) != 0)
		{
			fprintf(stderr, "%s:%d: expected a code_id, a tab and tests\n",
					path, lineno);
			fclose(file);
			return 1;
		}
		free(proved[info->code]);
		proved[info->code] = strdup(tab);
	}
	fclose(file);
	return 0;
}

/**
 * Whether a rule can emit a code: it has an active cause
 */
static int has_cause(const vpndiag_code_info_t *code)
{
	const vpndiag_cause_info_t *info;
	int i;

	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		info = vpndiag_cause_info(i);
		if (info && info->code == code->code && !info->retired)
		{
			return 1;
		}
	}
	return 0;
}

/**
 * Check that the column is derivable for every code: proven codes have a
 * rule and no reason not to be reported; the others have a reason
 */
static int check_reported(void)
{
	const vpndiag_code_info_t *info;
	int i, rc = 0;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (proved[i] && (!has_cause(info) || info->unreported ||
						  info->produced == VPNDIAG_PRODUCED_NO))
		{
			fprintf(stderr, "%s: tests prove it, but the catalogue says it is "
					"not reported or no cause emits it\n", info->id);
			rc = 1;
		}
		if (!proved[i] && !has_cause(info) && !info->unreported &&
			info->produced != VPNDIAG_PRODUCED_NO)
		{
			fprintf(stderr, "%s: no cause emits it: give the reason in the "
					"catalogue (.unreported)\n", info->id);
			rc = 1;
		}
	}
	return rc;
}

/**
 * The "reported by vpndiag" text of a code; with all, every test, else the
 * first few and a count
 */
static void print_reported(FILE *out, const vpndiag_code_info_t *info,
						   int all)
{
	const char *p, *end;
	int n = 0, total = 0;

	if (proved[info->code])
	{
		for (p = proved[info->code]; *p; p = end)
		{
			p += strspn(p, " ");
			end = p + strcspn(p, " ");
			total += end > p;
		}
		fputs("yes (", out);
		for (p = proved[info->code]; *p && (all || n < PROVED_SHOWN); p = end)
		{
			p += strspn(p, " ");
			end = p + strcspn(p, " ");
			if (end > p)
			{
				fprintf(out, "%s`%.*s`", n++ ? ", " : "", (int)(end - p), p);
			}
		}
		if (n < total)
		{
			fprintf(out, ", +%d more", total - n);
		}
		fputs(")", out);
	}
	else if (info->produced == VPNDIAG_PRODUCED_NO)
	{
		fputs("no (strongSwan never produces it)", out);
	}
	else if (info->unreported)
	{
		fputs("no (", out);
		md(out, info->unreported);
		fputs(")", out);
	}
	else
	{
		fputs("no (a rule emits it, but no passing test has proved it "
			  "yet)", out);
	}
}

/** how the detection text of never produced codes starts */
#define NEVER "Never produced"

static int markdown(FILE *out)
{
	const vpndiag_code_info_t *info;
	const vpndiag_cause_info_t *cause;
	const char *rest;
	int i, seed = 0, ext = 0, direct = 0, partial = 0, no = 0;
	int pairs = 0, retired = 0, variants = 0, reported = 0;

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (!info)
		{
			fprintf(stderr, "no catalogue row for code %d\n", i);
			return 1;
		}
		reported += proved[i] != NULL;
		if (info->taxonomy == VPNDIAG_TAX_SEED)
		{
			seed++;
			direct += info->produced == VPNDIAG_PRODUCED_DIRECT;
			partial += info->produced == VPNDIAG_PRODUCED_PARTIAL;
			no += info->produced == VPNDIAG_PRODUCED_NO;
		}
		else
		{
			ext++;
		}
	}
	for (i = VPNDIAG_CAUSE_NONE + 1; i < VPNDIAG_CAUSE_MAX; i++)
	{
		cause = vpndiag_cause_info(i);
		if (!cause || !cause->id || !vpndiag_code_info(cause->code))
		{
			fprintf(stderr, "cause %d has no row or no valid code\n", i);
			return 1;
		}
		if (vpndiag_cause_is_primary(cause))
		{
			pairs++;
			retired += cause->retired;
		}
		else
		{
			variants++;
		}
	}

	fputs("<!-- Generated by tools/vpndiag-gencodes --markdown --reported "
		  "docs/reported.tsv from src/plugins/vpndiag/vpndiag_catalogue.c, "
		  "vpndiag_cause.c and docs/reported.tsv (make codes-doc). Do not "
		  "edit. -->\n\n", out);
	fputs("# vpndiag error codes\n\n", out);
	fprintf(out,
		"vpndiag turns IPsec/IKE failures seen by strongSwan's charon into "
		"codes of an error taxonomy. This reference lists all %d codes: the "
		"%d codes of the seed taxonomy (Table 1 \"Common causes of VPN "
		"disconnection\", kept with their exact spelling, including the typo "
		"`flow confict`) and %d extension codes for failures strongSwan "
		"reports that no seed code describes.\n\n", seed + ext, seed, ext);
	fprintf(out,
		"Of the seed codes, strongSwan reveals %d directly, %d only partly "
		"(charon has an approximation of the condition) and %d never (the "
		"concept does not exist in strongSwan; the code is kept so that "
		"lookups and explanations work).\n\n", direct, partial, no);
	fprintf(out,
		"The column \"reported by vpndiag\" says which codes vpndiag has been "
		"proven to report: %d of the %d codes, each \"yes\" naming the tests "
		"(lab scenarios under testing/scenarios/, unit:<name> for a unit test "
		"of tests/unit/ on the event sequence charon emits) whose assertions "
		"about it passed. It is derived from test results: testing/run "
		"leaves the codes each passing test proved, testing/reported "
		"collects them into docs/reported.tsv (testing/README.md). Every "
		"other code says why it is not reported: strongSwan never produces "
		"it, no rule of vpndiag emits it, or no test proved it yet.\n\n",
		reported, seed + ext);
	fputs("Each record carries the code string (`code`), a stable `code_id` "
		  "and one category. The syslog MSGID is `VPNDIAG-<n>` with the "
		  "number from the `#` column. Settings in \"What to check\" are "
		  "named as swanctl.conf keys with their ipsec.conf equivalents in "
		  "parentheses; `charon.*` options are strongswan.conf settings. "
		  "Lookups (`vpndiag --explain`) accept the code string, the "
		  "code_id, its enum form (e.g. `P1_PROPOSAL_MISMATCH`) and the "
		  "spelling `flow conflict`, in any case.\n\n", out);
	fprintf(out,
		"A record also carries a `cause`: the finer, machine-readable reason "
		"within its code (e.g. `psk-mismatch` under `auth-fail`), with who "
		"usually has to act (`fix`: local, peer or either) and how sure the "
		"diagnosis is (`confidence`: high, medium, or low when only the "
		"peer's notify is known and its log decides). Under each code, "
		"\"Causes\" lists the causes that produce it: %d (code, cause) "
		"pairs, %d of them retired. A slug is unique within its code; the "
		"same slug may appear under two codes (e.g. `no-common-proposal` "
		"for IKE and for ESP proposals). A variant is the "
		"same cause seen through other evidence, with its own fix or "
		"confidence (%d of them); \"remedy of its own\" marks a cause whose "
		"records carry their own remedy instead of the code's \"What to "
		"check\". Cause slugs are public (JSON, VICI, syslog) and frozen: a "
		"released slug is never renamed or reused; a cause that turns out "
		"wrong is retired (listed as retired, never emitted again) and "
		"replaced by a new slug. `tests/unit/cause_ids.golden` holds every "
		"pair.\n\n", pairs, retired, variants);

	fputs("## Summary\n\n", out);
	fputs("| # | code | code_id | category | severity | produced by "
		  "strongSwan? | reported by vpndiag |\n", out);
	fputs("|---:|---|---|---|---|---|---|\n", out);
	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		fprintf(out, "| %d | ", info->msgid);
		md(out, info->name);
		fprintf(out, " | [`%s`](#%s) | ", info->id, info->id);
		print_categories(out, info);
		fprintf(out, " | %s | %s%s | ",
				vpndiag_severity_name(info->severity),
				produced_text(info->produced),
				info->taxonomy == VPNDIAG_TAX_EXTENSION ? " (extension)" : "");
		print_reported(out, info, 0);
		fputs(" |\n", out);
	}

	for (i = VPNDIAG_CODE_NONE + 1; i < VPNDIAG_CODE_MAX; i++)
	{
		info = vpndiag_code_info(i);
		if (i == VPNDIAG_CODE_NONE + 1)
		{
			fputs("\n## Seed codes: negotiation failure\n", out);
		}
		else if (info->taxonomy == VPNDIAG_TAX_SEED &&
				 info->category == VPNDIAG_CAT_DISCONNECTION &&
				 vpndiag_code_info(i - 1)->category ==
										VPNDIAG_CAT_NEGOTIATION)
		{
			fputs("\n## Seed codes: connection disconnection\n", out);
		}
		else if (info->taxonomy == VPNDIAG_TAX_EXTENSION &&
				 vpndiag_code_info(i - 1)->taxonomy != VPNDIAG_TAX_EXTENSION)
		{
			fputs("\n## Extension codes\n", out);
		}
		fprintf(out, "\n### %s\n\n", info->id);
		fputs("`", out);
		fputs(info->name, out);
		fprintf(out, "` · MSGID `VPNDIAG-%d` · ", info->msgid);
		print_categories(out, info);
		fprintf(out, " · %s · %s code\n\n",
				vpndiag_severity_name(info->severity),
				vpndiag_taxonomy_name(info->taxonomy));

		fputs("- **Meaning:** ", out);
		md(out, info->description);
		fputs("\n- **When strongSwan produces it:** ", out);
		switch (info->produced)
		{
			case VPNDIAG_PRODUCED_DIRECT:
				fputs("directly. ", out);
				md(out, info->detection);
				break;
			case VPNDIAG_PRODUCED_PARTIAL:
				fputs("partly (an approximation of the condition). ", out);
				md(out, info->detection);
				break;
			case VPNDIAG_PRODUCED_NO:
				fputs("never. ", out);
				md(out, info->why_not);
				/* detection of such codes is "Never produced[; instead]" */
				rest = info->detection;
				if (strncmp(rest, NEVER, strlen(NEVER)) == 0)
				{
					rest += strlen(NEVER);
					rest += strspn(rest, "; ");
				}
				if (*rest)
				{
					fputs(" Instead: ", out);
					md(out, rest);
					fputs(".", out);
				}
				break;
		}
		if (info->produced != VPNDIAG_PRODUCED_NO)
		{
			fputs(".", out);
		}
		fputs("\n- **Reported by vpndiag:** ", out);
		print_reported(out, info, 1);
		fputs("\n- **What to check:** ", out);
		md(out, info->remedy);
		fputs("\n- **Who fixes it:** ", out);
		fputs(fix_text(info->fix), out);
		markdown_causes(out, info);
		fputs("\n", out);
	}
	return 0;
}

static void usage(FILE *out, const char *self)
{
	fprintf(out, "usage: %s --list | --ids | --describe | --causes | "
			"--markdown [--reported FILE]\n"
			"  --list      id, taxonomy, category, name (TAB separated; one "
			"line per category)\n"
			"  --ids       msgid, id, name (format of "
			"tests/unit/code_ids.golden)\n"
			"  --describe  id, name, description\n"
			"  --causes    code_id, cause, status (format of "
			"tests/unit/cause_ids.golden)\n"
			"  --markdown  the code reference (docs/codes.md); --reported: "
			"the tests that\n"
			"              proved each code (docs/reported.tsv)\n", self);
}

int main(int argc, char *argv[])
{
	if (argc == 4 && strcmp(argv[1], "--markdown") == 0 &&
		strcmp(argv[2], "--reported") == 0)
	{
		if (read_reported(argv[3]) || check_reported())
		{
			return 1;
		}
		return markdown(stdout);
	}
	if (argc != 2)
	{
		usage(stderr, argv[0]);
		return 2;
	}
	if (strcmp(argv[1], "--list") == 0)
	{
		return list(stdout);
	}
	if (strcmp(argv[1], "--ids") == 0)
	{
		return ids(stdout);
	}
	if (strcmp(argv[1], "--describe") == 0)
	{
		return describe(stdout);
	}
	if (strcmp(argv[1], "--causes") == 0)
	{
		return causes(stdout);
	}
	if (strcmp(argv[1], "--markdown") == 0)
	{	/* without test results: nothing proven */
		return check_reported() ?: markdown(stdout);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
	{
		usage(stdout, argv[0]);
		return 0;
	}
	usage(stderr, argv[0]);
	return 2;
}
