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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	"traps", "duration_ms", "seed", "sources", NULL,
};

/** keys whose values are yes/no booleans */
static const char *bool_keys[] = { "success", "already_up", "retired",
	"sources_capped", NULL };

static bool in(const char *key, const char *set[])
{
	int i;

	for (i = 0; set[i]; i++)
	{	/* the first character rules out most keys without a call */
		if (set[i][0] == key[0] && strcmp(key, set[i]) == 0)
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

/* The JSON printers below collect their output in a buffer that goes to
 * the FILE with one fwrite per record (or per 64 KiB): per character, stdio
 * took a lock and cost more than the listing itself (issue 22). The
 * public functions flush it before they return, so that what callers write
 * to the same FILE between them stays in order. */

/** output buffer of the JSON printers */
static struct {
	FILE *out;
	size_t len;
	char data[65536];
} obuf;

/** write the buffer to its FILE */
static void flush_out()
{
	if (obuf.len)
	{
		fwrite_unlocked(obuf.data, 1, obuf.len, obuf.out);
		obuf.len = 0;
	}
}

/** append bytes for a FILE */
static void write_out(FILE *out, const char *s, size_t len)
{
	if (out != obuf.out)
	{
		flush_out();
		obuf.out = out;
	}
	if (len > sizeof(obuf.data) - obuf.len)
	{
		flush_out();
		if (len > sizeof(obuf.data))
		{
			fwrite_unlocked(s, 1, len, out);
			return;
		}
	}
	memcpy(obuf.data + obuf.len, s, len);
	obuf.len += len;
}

/** write a string without escaping */
static inline void put(FILE *out, const char *s)
{
	if (s[0])
	{
		write_out(out, s, strlen(s));
	}
}

/** write a character */
static inline void putch(FILE *out, char c)
{
	if (out == obuf.out && obuf.len < sizeof(obuf.data))
	{
		obuf.data[obuf.len++] = c;
		return;
	}
	write_out(out, &c, 1);
}

/** characters a JSON string can carry as they are (printable ASCII and
 *  UTF-8 bytes, not '"', '\\' and DEL; NUL is not plain either) */
static bool plain_chars[256];

static void __attribute__((constructor)) init_plain_chars()
{
	int c;

	for (c = 0x20; c < 256; c++)
	{
		plain_chars[c] = c != '"' && c != '\\' && c != 0x7f;
	}
}

static inline bool plain(unsigned char c)
{
	return plain_chars[c];
}

/** bytes of a 64-bit word, each set to the given value */
#define BYTES(x) (0x0101010101010101ULL * (x))

/**
 * Whether any of the eight bytes at s is not plain (a control character,
 * '"', '\\' or DEL): the "has a zero byte" / "has a byte less than n"
 * bit tricks on the word, each exact as to whether any byte matches
 */
static inline bool special8(const unsigned char *s)
{
	uint64_t w, t;

	memcpy(&w, s, sizeof(w));
	/* bytes < 0x20: (b - 0x20) borrows into its top bit, unless b >= 0x80 */
	t = (w - BYTES(0x20)) & ~w;
	t |= ((w ^ BYTES('"')) - BYTES(0x01)) & ~(w ^ BYTES('"'));
	t |= ((w ^ BYTES('\\')) - BYTES(0x01)) & ~(w ^ BYTES('\\'));
	t |= ((w ^ BYTES(0x7f)) - BYTES(0x01)) & ~(w ^ BYTES(0x7f));
	return (t & BYTES(0x80)) != 0;
}

/**
 * Print a JSON string into the buffer
 */
static void json_string(FILE *out, const char *value)
{
	const unsigned char *s = (const unsigned char*)value, *run, *end;
	char esc[8];

	end = s + strlen(value);
	putch(out, '"');
	while (*s)
	{
		for (run = s; s + 8 <= end && !special8(s); s += 8)
		{	/* eight plain characters at a time */
		}
		for (; plain(*s); s++)
		{
		}
		if (s > run)
		{
			write_out(out, (const char*)run, s - run);
		}
		if (!*s)
		{
			break;
		}
		switch (*s)
		{
			case '"':
				put(out, "\\\"");
				break;
			case '\\':
				put(out, "\\\\");
				break;
			case '\n':
				put(out, "\\n");
				break;
			case '\t':
				put(out, "\\t");
				break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04x", *s);
				put(out, esc);
				break;
		}
		s++;
	}
	putch(out, '"');
}

/*
 * Described in header
 */
void output_json_string(FILE *out, const char *value)
{
	json_string(out, value);
	flush_out();
}

static void json_object(FILE *out, vpndiag_vici_node_t *section, bool record);

/**
 * Print a value typed by its key
 */
static void json_value(FILE *out, const char *key, const char *value,
					   bool all_numeric)
{
	if ((all_numeric || in(key, numeric_keys)) && is_number(value))
	{
		put(out, value);
	}
	else if (in(key, bool_keys) &&
			 (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0))
	{
		put(out, strcmp(value, "yes") == 0 ? "true" : "false");
	}
	else
	{
		json_string(out, value);
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

	if (!*first)
	{
		putch(out, ',');
	}
	*first = false;
	json_string(out, node->name);
	putch(out, ':');
	switch (node->type)
	{
		case VPNDIAG_VICI_KEY_VALUE:
			json_value(out, node->name, node->value, all_numeric);
			break;
		case VPNDIAG_VICI_LIST_START:
			putch(out, '[');
			for (item = node->child; item; item = item->next)
			{
				put(out, ifirst ? "" : ",");
				ifirst = false;
				json_string(out, item->value);
			}
			putch(out, ']');
			break;
		default:
			json_object(out, node, false);
			break;
	}
}

#define RECORD_KEYS (sizeof(record_keys) / sizeof(record_keys[0]))

/**
 * Index of a key in record_keys, RECORD_KEYS if it is none
 */
static size_t record_key(const char *key)
{
	size_t i;

	for (i = 0; i < RECORD_KEYS; i++)
	{	/* the first character rules out most keys without a call */
		if (record_keys[i].key[0] == key[0] &&
			strcmp(record_keys[i].key, key) == 0)
		{
			break;
		}
	}
	return i;
}

/**
 * Print a section as a JSON object into the buffer
 */
static void json_object(FILE *out, vpndiag_vici_node_t *section, bool record)
{
	vpndiag_vici_node_t *node, *item, *keyed[RECORD_KEYS];
	bool first = true, ifirst, all_numeric, *is_keyed = NULL;
	size_t i, n = 0;

	all_numeric = section->name && strcmp(section->name, "counters") == 0;
	putch(out, '{');
	if (record)
	{	/* one pass over the elements: the schema's keys in its order
		 * first (the first of a key, as a search would find), the rest
		 * in the message's order after them */
		memset(keyed, 0, sizeof(keyed));
		for (node = section->child; node; node = node->next)
		{
			n++;
		}
		is_keyed = n ? calloc(n, sizeof(*is_keyed)) : NULL;
		for (node = section->child, n = 0; node; node = node->next, n++)
		{
			if (node->type == VPNDIAG_VICI_KEY_VALUE)
			{
				i = record_key(node->name);
				if (i < RECORD_KEYS)
				{
					is_keyed[n] = true;
					if (!keyed[i])
					{
						keyed[i] = node;
					}
				}
			}
		}
		for (i = 0; i < RECORD_KEYS; i++)
		{
			node = keyed[i];
			if (node)
			{
				json_member(out, node, &first, false);
			}
			else if (record_keys[i].nullable)
			{
				put(out, first ? "" : ",");
				first = false;
				json_string(out, record_keys[i].key);
				put(out, ":null");
			}
		}
	}
	for (node = section->child, n = 0; node; node = node->next, n++)
	{
		if (is_keyed && is_keyed[n])
		{
			continue;
		}
		/* the causes of a code (vpndiag-explain): sub-sections "1", "2",
		 * ... in VICI, an array of objects in JSON */
		if (node->type == VPNDIAG_VICI_SECTION_START &&
			strcmp(node->name, "causes") == 0)
		{
			put(out, first ? "" : ",");
			first = false;
			json_string(out, node->name);
			put(out, ":[");
			ifirst = true;
			for (item = node->child; item; item = item->next)
			{
				if (item->type == VPNDIAG_VICI_SECTION_START)
				{
					put(out, ifirst ? "" : ",");
					ifirst = false;
					json_object(out, item, false);
				}
			}
			putch(out, ']');
			continue;
		}
		/* nested records (last_failure, diagnosis) keep the schema */
		if (node->type == VPNDIAG_VICI_SECTION_START &&
			(strcmp(node->name, "last_failure") == 0 ||
			 strcmp(node->name, "diagnosis") == 0))
		{
			put(out, first ? "" : ",");
			first = false;
			json_string(out, node->name);
			putch(out, ':');
			json_object(out, node, true);
			continue;
		}
		json_member(out, node, &first, all_numeric);
	}
	free(is_keyed);
	putch(out, '}');
}

/*
 * Described in header
 */
void output_json(FILE *out, vpndiag_vici_node_t *section, bool record)
{
	json_object(out, section, record);
	flush_out();
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
	if (vpndiag_vici_get(rec, "sources"))
	{	/* aggregated under a flood of failures without a connection */
		pos = snprintf(line, sizeof(line), "%s%s distinct, last",
				strcmp(get(rec, "sources_capped", "no"), "yes") ? "" :
				"at least ", get(rec, "sources", "?"));
		list = vpndiag_vici_find(rec, "sources_last", VPNDIAG_VICI_LIST_START);
		for (item = list ? list->child : NULL; item; item = item->next)
		{
			if (pos < (int)sizeof(line))
			{
				pos += snprintf(line + pos, sizeof(line) - pos, " %s",
								item->value);
			}
		}
		output_wrap(out, 2, "sources:", line);
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
