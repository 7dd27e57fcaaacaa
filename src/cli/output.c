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

#include "output.h"

#include <string.h>

/** width of the human output */
#define COLUMNS 80

/**
 * Keys of a record in the order of the contract; TRUE if null when absent
 */
static const struct {
	const char *key;
	bool nullable;
} record_keys[] = {
	{ "schema", false }, { "record", false }, { "code", false },
	{ "code_id", false }, { "category", false }, { "taxonomy", false },
	{ "severity", false }, { "first", false }, { "last", false },
	{ "count", false }, { "conn", true }, { "conn_match", true },
	{ "child", true },
	{ "ike_sa", true }, { "role", false }, { "version", true },
	{ "local", true }, { "remote", true }, { "local_id", true },
	{ "remote_id", true }, { "cause", true }, { "fix", false },
	{ "confidence", false }, { "detail", true }, { "remedy", true },
};

/** keys whose values are integers */
static const char *numeric_keys[] = {
	"schema", "record", "count", "ike_sa", "version", "port", "retransmits",
	"total", "records", "evicted", "flaps_24h", "ike_sas", "child_sas",
	"traps", "duration_ms", "seed", NULL,
};

/** keys whose values are yes/no booleans */
static const char *bool_keys[] = { "success", "already_up", "retired", NULL };

static bool in(const char *key, const char *set[])
{
	int i;

	for (i = 0; set[i]; i++)
	{
		if (strcmp(key, set[i]) == 0)
		{
			return true;
		}
	}
	return false;
}

static bool is_number(const char *value)
{
	size_t i, len = strlen(value);

	if (!len || len > 18 || (len > 1 && value[0] == '0'))
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (value[i] < '0' || value[i] > '9')
		{
			return false;
		}
	}
	return true;
}

/*
 * Described in header
 */
void output_json_string(FILE *out, const char *value)
{
	const unsigned char *s = (const unsigned char*)value;

	fputc('"', out);
	for (; *s; s++)
	{
		switch (*s)
		{
			case '"':
				fputs("\\\"", out);
				break;
			case '\\':
				fputs("\\\\", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			default:
				if (*s < 0x20 || *s == 0x7f)
				{
					fprintf(out, "\\u%04x", *s);
				}
				else
				{
					fputc(*s, out);
				}
		}
	}
	fputc('"', out);
}

/**
 * Print a value typed by its key
 */
static void json_value(FILE *out, const char *key, const char *value,
					   bool all_numeric)
{
	if ((all_numeric || in(key, numeric_keys)) && is_number(value))
	{
		fputs(value, out);
	}
	else if (in(key, bool_keys) &&
			 (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0))
	{
		fputs(strcmp(value, "yes") == 0 ? "true" : "false", out);
	}
	else
	{
		output_json_string(out, value);
	}
}

/**
 * Print one element as "key": value
 */
static void json_member(FILE *out, vpndiag_vici_node_t *node, bool *first,
						bool all_numeric)
{
	vpndiag_vici_node_t *item;
	bool ifirst = true;

	fputs(*first ? "" : ",", out);
	*first = false;
	output_json_string(out, node->name);
	fputc(':', out);
	switch (node->type)
	{
		case VPNDIAG_VICI_KEY_VALUE:
			json_value(out, node->name, node->value, all_numeric);
			break;
		case VPNDIAG_VICI_LIST_START:
			fputc('[', out);
			for (item = node->child; item; item = item->next)
			{
				fputs(ifirst ? "" : ",", out);
				ifirst = false;
				output_json_string(out, item->value);
			}
			fputc(']', out);
			break;
		default:
			output_json(out, node, false);
			break;
	}
}

/*
 * Described in header
 */
void output_json(FILE *out, vpndiag_vici_node_t *section, bool record)
{
	vpndiag_vici_node_t *node, *item;
	bool first = true, ifirst, all_numeric;
	size_t i;

	all_numeric = section->name && strcmp(section->name, "counters") == 0;
	fputc('{', out);
	if (record)
	{
		for (i = 0; i < sizeof(record_keys) / sizeof(record_keys[0]); i++)
		{
			node = vpndiag_vici_find(section, record_keys[i].key,
									 VPNDIAG_VICI_KEY_VALUE);
			if (node)
			{
				json_member(out, node, &first, false);
			}
			else if (record_keys[i].nullable)
			{
				fputs(first ? "" : ",", out);
				first = false;
				output_json_string(out, record_keys[i].key);
				fputs(":null", out);
			}
		}
	}
	for (node = section->child; node; node = node->next)
	{
		if (record && node->type == VPNDIAG_VICI_KEY_VALUE)
		{
			for (i = 0; i < sizeof(record_keys) / sizeof(record_keys[0]); i++)
			{
				if (strcmp(node->name, record_keys[i].key) == 0)
				{
					break;
				}
			}
			if (i < sizeof(record_keys) / sizeof(record_keys[0]))
			{
				continue;
			}
		}
		/* the causes of a code (vpndiag-explain): sub-sections "1", "2",
		 * ... in VICI, an array of objects in JSON */
		if (node->type == VPNDIAG_VICI_SECTION_START &&
			strcmp(node->name, "causes") == 0)
		{
			fputs(first ? "" : ",", out);
			first = false;
			output_json_string(out, node->name);
			fputs(":[", out);
			ifirst = true;
			for (item = node->child; item; item = item->next)
			{
				if (item->type == VPNDIAG_VICI_SECTION_START)
				{
					fputs(ifirst ? "" : ",", out);
					ifirst = false;
					output_json(out, item, false);
				}
			}
			fputc(']', out);
			continue;
		}
		/* nested records (last_failure, diagnosis) keep the schema */
		if (node->type == VPNDIAG_VICI_SECTION_START &&
			(strcmp(node->name, "last_failure") == 0 ||
			 strcmp(node->name, "diagnosis") == 0))
		{
			fputs(first ? "" : ",", out);
			first = false;
			output_json_string(out, node->name);
			fputc(':', out);
			output_json(out, node, true);
			continue;
		}
		json_member(out, node, &first, all_numeric);
	}
	fputc('}', out);
}

/*
 * Described in header
 */
void output_wrap(FILE *out, int indent, const char *label, const char *text)
{
	int col, len;
	const char *word, *end;

	col = fprintf(out, "%*s%s", indent, "", label);
	for (word = text; *word; word = end)
	{
		while (*word == ' ')
		{
			word++;
		}
		if (!*word)
		{
			break;
		}
		end = strchr(word, ' ');
		if (!end)
		{
			end = word + strlen(word);
		}
		len = end - word;
		if (col + 1 + len > COLUMNS && col > indent + (int)strlen(label))
		{
			col = fprintf(out, "\n%*s", indent + 2, "") - 1;
		}
		else if (col > indent + (int)strlen(label) || *label)
		{
			col += fprintf(out, " ");
		}
		col += fprintf(out, "%.*s", len, word);
	}
	fputc('\n', out);
}

static const char *get(vpndiag_vici_node_t *rec, const char *key,
					   const char *def)
{
	const char *value = vpndiag_vici_get(rec, key);

	return value ? value : def;
}

/*
 * Described in header
 */
void output_human_record(FILE *out, vpndiag_vici_node_t *rec)
{
	vpndiag_vici_node_t *list, *item;
	char line[512];
	const char *count = get(rec, "count", "1");
	int pos;

	fprintf(out, "#%s %s  [%s, %s]\n", get(rec, "record", "?"),
			get(rec, "code", "?"), get(rec, "code_id", "?"),
			get(rec, "severity", "?"));
	pos = snprintf(line, sizeof(line), "conn %s", get(rec, "conn", "-"));
	if (vpndiag_vici_get(rec, "child"))
	{
		pos += snprintf(line + pos, sizeof(line) - pos, "/%s",
						get(rec, "child", ""));
	}
	if (vpndiag_vici_get(rec, "conn") &&
		strcmp(get(rec, "conn_match", ""), "address") == 0)
	{	/* inferred from the addresses, charon had selected no config */
		pos += snprintf(line + pos, sizeof(line) - pos, " (by address)");
	}
	pos += snprintf(line + pos, sizeof(line) - pos, "  peer %s  %s",
					get(rec, "remote", "-"), get(rec, "role", "?"));
	if (vpndiag_vici_get(rec, "version"))
	{
		snprintf(line + pos, sizeof(line) - pos, "  IKEv%s",
				 get(rec, "version", ""));
	}
	output_wrap(out, 2, "", line);
	if (vpndiag_vici_get(rec, "remote_id") || vpndiag_vici_get(rec, "local_id"))
	{
		snprintf(line, sizeof(line), "%s (ours) - %s (peer)",
				 get(rec, "local_id", "-"), get(rec, "remote_id", "-"));
		output_wrap(out, 2, "ids:", line);
	}
	snprintf(line, sizeof(line), "%s%s%s%s%s", get(rec, "last", "?"),
			 strcmp(count, "1") ? " (" : "", strcmp(count, "1") ? count : "",
			 strcmp(count, "1") ? " times since " : "",
			 strcmp(count, "1") ? get(rec, "first", "?") : "");
	if (strcmp(count, "1"))
	{
		strncat(line, ")", sizeof(line) - strlen(line) - 1);
	}
	output_wrap(out, 2, "when:", line);
	snprintf(line, sizeof(line), "%s  fix: %s (confidence %s)",
			 get(rec, "cause", "-"), get(rec, "fix", "?"),
			 get(rec, "confidence", "?"));
	output_wrap(out, 2, "cause:", line);
	if (vpndiag_vici_get(rec, "profile"))
	{
		output_wrap(out, 2, "profile:", vpndiag_vici_get(rec, "profile"));
	}
	list = vpndiag_vici_find(rec, "mismatch", VPNDIAG_VICI_LIST_START);
	if (list)
	{
		pos = 0;
		line[0] = '\0';
		for (item = list->child; item; item = item->next)
		{
			pos += snprintf(line + pos, sizeof(line) - pos, "%s%s",
							pos ? " " : "", item->value);
		}
		output_wrap(out, 2, "no common:", line);
	}
	if (vpndiag_vici_get(rec, "ts_relation"))
	{
		output_wrap(out, 2, "selectors:", get(rec, "ts_relation", ""));
	}
	output_wrap(out, 2, "detail:", get(rec, "detail", "-"));
	output_wrap(out, 2, "remedy:", get(rec, "remedy", "-"));
}

/**
 * Dump the elements of a section
 */
static void dump_section(FILE *out, vpndiag_vici_node_t *section,
						 bool pretty, int level)
{
	vpndiag_vici_node_t *node, *item;

	for (node = section->child; node; node = node->next)
	{
		if (pretty)
		{
			fprintf(out, "%*s", level * 2, "");
		}
		switch (node->type)
		{
			case VPNDIAG_VICI_KEY_VALUE:
				fprintf(out, "%s = %s", node->name, node->value);
				break;
			case VPNDIAG_VICI_LIST_START:
				fprintf(out, "%s = [", node->name);
				for (item = node->child; item; item = item->next)
				{
					fprintf(out, "%s%s", item == node->child ? "" : ", ",
							item->value);
				}
				fputc(']', out);
				break;
			default:
				fprintf(out, "%s {%s", node->name, pretty ? "\n" : "");
				dump_section(out, node, pretty, level + 1);
				if (pretty)
				{
					fprintf(out, "%*s", level * 2, "");
				}
				fputc('}', out);
				break;
		}
		fputs(pretty ? "\n" : node->next ? " " : "", out);
	}
}

/*
 * Described in header
 */
void output_dump(FILE *out, const char *name, const char *type,
				 vpndiag_vici_node_t *msg, bool pretty)
{
	fprintf(out, "%s %s {%s", name, type, pretty ? "\n" : "");
	dump_section(out, msg, pretty, 1);
	fputs("}\n", out);
}
