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

#include "fw_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fnmatch.h>
#include <sys/socket.h>

/** deepest jump/goto nesting followed (nftables allows 16) */
#define MAX_DEPTH 16

/** tri-state of a match */
typedef enum { M_NO, M_YES, M_UNKNOWN } tri_t;

/** outcome of a chain */
typedef enum {
	/** ran off the end or returned */
	C_FALLTHROUGH,
	/** accepted (or possibly accepted) */
	C_ACCEPT,
	/** the wanted rule was found */
	C_HIT,
} chain_t;

/** what is looked for, internally */
typedef enum { W_DROP, W_SNAT, W_RPFILTER } want_t;

typedef struct {
	json_t *items;
	const fw_packet_t *pkt;
	want_t want;
	char *hit;
} ctx_t;

static tri_t not(tri_t t)
{
	return t == M_YES ? M_NO : t == M_NO ? M_YES : M_UNKNOWN;
}

/**
 * Compare an address range of the packet with the right side of a match
 */
static tri_t match_addr(const addr_range_t *have, json_t *right)
{
	addr_range_t r;
	const char *s;
	json_t *v;
	size_t i;
	tri_t t, res;

	if (json_is_string(right))
	{
		s = json_string_value(right);
		if (*s == '@' || !addr_range_parse(s, &r))
		{	/* named set */
			return M_UNKNOWN;
		}
	}
	else if ((v = json_object_get(right, "prefix")))
	{
		char buf[96];

		snprintf(buf, sizeof(buf), "%s/%lld",
				 json_string_value(json_object_get(v, "addr")) ?: "",
				 (long long)json_integer_value(json_object_get(v, "len")));
		if (!addr_range_parse(buf, &r))
		{
			return M_UNKNOWN;
		}
	}
	else if ((v = json_object_get(right, "range")) && json_array_size(v) == 2)
	{
		char buf[96];

		snprintf(buf, sizeof(buf), "%s..%s",
				 json_string_value(json_array_get(v, 0)) ?: "",
				 json_string_value(json_array_get(v, 1)) ?: "");
		if (!addr_range_parse(buf, &r))
		{
			return M_UNKNOWN;
		}
	}
	else if ((v = json_object_get(right, "set")) || json_is_array(right))
	{
		if (!v)
		{
			v = right;
		}
		if (!json_is_array(v))
		{
			return match_addr(have, v);
		}
		res = M_NO;
		json_array_foreach(v, i, right)
		{
			t = match_addr(have, right);
			if (t == M_YES)
			{
				return M_YES;
			}
			if (t == M_UNKNOWN)
			{
				res = M_UNKNOWN;
			}
		}
		return res;
	}
	else
	{
		return M_UNKNOWN;
	}
	if (r.family != have->family)
	{
		return M_NO;
	}
	if (addr_range_contains(&r, have))
	{
		return M_YES;
	}
	return addr_range_overlaps(&r, have) ? M_UNKNOWN : M_NO;
}

/**
 * Compare an interface name with the right side (wildcards as nft's "eth*")
 */
static tri_t match_name(const char *have, json_t *right)
{
	json_t *v, *item;
	size_t i;
	tri_t res;

	if (!have)
	{
		return M_UNKNOWN;
	}
	if (json_is_string(right))
	{
		if (*json_string_value(right) == '@')
		{
			return M_UNKNOWN;
		}
		return fnmatch(json_string_value(right), have, 0) ? M_NO : M_YES;
	}
	v = json_object_get(right, "set") ?: right;
	if (!json_is_array(v))
	{
		return M_UNKNOWN;
	}
	res = M_NO;
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item))
		{
			res = M_UNKNOWN;
		}
		else if (match_name(have, item) == M_YES)
		{
			return M_YES;
		}
	}
	return res;
}

/**
 * Whether a value (string, list or set) holds a string
 */
static tri_t holds(json_t *right, const char *want)
{
	json_t *v, *item;
	size_t i;

	if (json_is_string(right))
	{
		if (*json_string_value(right) == '@')
		{
			return M_UNKNOWN;
		}
		return strcmp(json_string_value(right), want) ? M_NO : M_YES;
	}
	v = json_object_get(right, "set") ?: right;
	if (!json_is_array(v))
	{
		return M_UNKNOWN;
	}
	json_array_foreach(v, i, item)
	{
		if (json_is_string(item) && !strcmp(json_string_value(item), want))
		{
			return M_YES;
		}
	}
	return M_NO;
}

/**
 * Whether the right side of a fib/rt match means "missing"/false
 */
static bool is_false(json_t *right)
{
	return json_is_false(right) ||
		   (json_is_string(right) && !strcmp(json_string_value(right), "missing")) ||
		   (json_is_integer(right) && json_integer_value(right) == 0);
}

/**
 * Evaluate one match expression
 */
static tri_t match(ctx_t *ctx, json_t *m)
{
	const fw_packet_t *pkt = ctx->pkt;
	json_t *left, *right, *v;
	const char *op, *proto, *field, *key;
	tri_t t = M_UNKNOWN;

	op = json_string_value(json_object_get(m, "op")) ?: "==";
	left = json_object_get(m, "left");
	right = json_object_get(m, "right");
	if (strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "in"))
	{
		return M_UNKNOWN;
	}
	if ((v = json_object_get(left, "payload")))
	{
		proto = json_string_value(json_object_get(v, "protocol")) ?: "";
		field = json_string_value(json_object_get(v, "field")) ?: "";
		if (!strcmp(proto, "ip") || !strcmp(proto, "ip6"))
		{
			if ((!strcmp(proto, "ip")) != (pkt->saddr.family == AF_INET))
			{	/* ip rule in an inet table, ip6 packet */
				return M_NO;
			}
			if (!strcmp(field, "saddr"))
			{
				t = match_addr(&pkt->saddr, right);
			}
			else if (!strcmp(field, "daddr"))
			{
				t = match_addr(&pkt->daddr, right);
			}
		}
		else if (!strcmp(proto, "tcp") || !strcmp(proto, "udp") ||
				 !strcmp(proto, "sctp") || !strcmp(proto, "th"))
		{	/* the probe is ICMP */
			return M_NO;
		}
	}
	else if ((v = json_object_get(left, "meta")))
	{
		key = json_string_value(json_object_get(v, "key")) ?: "";
		if (!strcmp(key, "iifname") || !strcmp(key, "iif"))
		{
			t = match_name(pkt->iifname, right);
		}
		else if (!strcmp(key, "oifname") || !strcmp(key, "oif"))
		{
			t = match_name(pkt->oifname, right);
		}
		else if (!strcmp(key, "l4proto") || !strcmp(key, "protocol") ||
				 !strcmp(key, "nfproto"))
		{
			if (!strcmp(key, "l4proto"))
			{
				t = holds(right, pkt->saddr.family == AF_INET ? "icmp"
															  : "ipv6-icmp");
				if (t == M_NO && pkt->saddr.family == AF_INET6)
				{
					t = holds(right, "icmpv6");
				}
			}
			else
			{
				t = holds(right, pkt->saddr.family == AF_INET ? "ipv4" : "ipv6");
				if (t == M_NO)
				{
					t = holds(right, pkt->saddr.family == AF_INET ? "ip" : "ip6");
				}
			}
		}
	}
	else if ((v = json_object_get(left, "ct")))
	{
		key = json_string_value(json_object_get(v, "key")) ?: "";
		if (!strcmp(key, "state"))
		{	/* the probe opens a new flow */
			t = holds(right, "new");
		}
	}
	else if ((v = json_object_get(left, "rt")))
	{
		key = json_string_value(json_object_get(v, "key")) ?: "";
		if (!strcmp(key, "ipsec"))
		{	/* routed into IPsec */
			t = is_false(right) ? M_NO : M_YES;
		}
	}
	else if ((v = json_object_get(left, "fib")))
	{
		if (is_false(right))
		{	/* fib saddr . iif oif missing: reverse path fails */
			t = pkt->rp_fail ? M_YES : M_NO;
		}
	}
	return strcmp(op, "!=") ? t : not(t);
}

/** statements that end the matches of a rule */
static const char *verdicts[] = {
	"accept", "drop", "reject", "jump", "goto", "return", "queue",
	"masquerade", "snat", NULL
};

static chain_t eval_chain(ctx_t *ctx, const char *family, const char *table,
						  const char *chain, int depth);

/**
 * Render a value of a rule
 */
static void render_value(FILE *f, json_t *v)
{
	json_t *x, *item;
	size_t i;

	if (json_is_string(v))
	{
		fputs(json_string_value(v), f);
	}
	else if (json_is_integer(v))
	{
		fprintf(f, "%lld", (long long)json_integer_value(v));
	}
	else if (json_is_boolean(v))
	{
		fputs(json_is_true(v) ? "exists" : "missing", f);
	}
	else if ((x = json_object_get(v, "prefix")))
	{
		fprintf(f, "%s/%lld", json_string_value(json_object_get(x, "addr")) ?: "?",
				(long long)json_integer_value(json_object_get(x, "len")));
	}
	else if ((x = json_object_get(v, "range")))
	{
		render_value(f, json_array_get(x, 0));
		fputc('-', f);
		render_value(f, json_array_get(x, 1));
	}
	else if ((x = json_object_get(v, "set")) || json_is_array(v))
	{
		x = x ?: v;
		if (!json_is_array(x))
		{
			render_value(f, x);
			return;
		}
		fputs("{ ", f);
		json_array_foreach(x, i, item)
		{
			fputs(i ? ", " : "", f);
			render_value(f, item);
		}
		fputs(" }", f);
	}
	else
	{
		fputs("...", f);
	}
}

/**
 * Render the left side of a match
 */
static void render_left(FILE *f, json_t *l)
{
	json_t *v, *flag;
	size_t i;

	if ((v = json_object_get(l, "payload")))
	{
		fprintf(f, "%s %s", json_string_value(json_object_get(v, "protocol")) ?: "?",
				json_string_value(json_object_get(v, "field")) ?: "?");
	}
	else if ((v = json_object_get(l, "meta")))
	{	/* as nft prints them: iifname/oifname/iif/oif without "meta" */
		const char *key = json_string_value(json_object_get(v, "key")) ?: "?";

		fprintf(f, "%s%s", strstr(key, "if") ? "" : "meta ", key);
	}
	else if ((v = json_object_get(l, "ct")))
	{
		fprintf(f, "ct %s", json_string_value(json_object_get(v, "key")) ?: "?");
	}
	else if ((v = json_object_get(l, "rt")))
	{
		fprintf(f, "rt %s", json_string_value(json_object_get(v, "key")) ?: "?");
	}
	else if ((v = json_object_get(l, "fib")))
	{
		fputs("fib", f);
		json_array_foreach(json_object_get(v, "flags"), i, flag)
		{
			fprintf(f, "%s%s", i ? " . " : " ", json_string_value(flag) ?: "?");
		}
		fprintf(f, " %s", json_string_value(json_object_get(v, "result")) ?: "?");
	}
	else
	{
		fputs("...", f);
	}
}

/**
 * Describe a rule: where it is and what it says, in nft's syntax
 */
static char *describe(json_t *rule)
{
	json_t *expr, *e, *m;
	const char *key, *op;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	void *iter;

	f = open_memstream(&buf, &len);
	if (!f)
	{
		return NULL;
	}
	fprintf(f, "table %s %s chain %s handle %lld:",
			json_string_value(json_object_get(rule, "family")) ?: "?",
			json_string_value(json_object_get(rule, "table")) ?: "?",
			json_string_value(json_object_get(rule, "chain")) ?: "?",
			(long long)json_integer_value(json_object_get(rule, "handle")));
	expr = json_object_get(rule, "expr");
	json_array_foreach(expr, i, e)
	{
		iter = json_object_iter(e);
		if (!iter)
		{
			continue;
		}
		key = json_object_iter_key(iter);
		m = json_object_iter_value(iter);
		fputc(' ', f);
		if (!strcmp(key, "match"))
		{
			render_left(f, json_object_get(m, "left"));
			op = json_string_value(json_object_get(m, "op")) ?: "==";
			fprintf(f, "%s", strcmp(op, "!=") ? " " : " != ");
			render_value(f, json_object_get(m, "right"));
		}
		else if (!strcmp(key, "xt"))
		{
			fprintf(f, "xt %s %s",
					json_string_value(json_object_get(m, "type")) ?: "?",
					json_string_value(json_object_get(m, "name")) ?: "?");
		}
		else if (!strcmp(key, "jump") || !strcmp(key, "goto"))
		{
			fprintf(f, "%s %s", key,
					json_string_value(json_object_get(m, "target")) ?: "?");
		}
		else if (!strcmp(key, "snat") && json_object_get(m, "addr"))
		{
			fputs("snat to ", f);
			render_value(f, json_object_get(m, "addr"));
		}
		else
		{
			fputs(key, f);
		}
	}
	fclose(f);
	return buf;
}

/**
 * Evaluate a rule; returns the chain outcome or -1 to go on
 */
static int eval_rule(ctx_t *ctx, json_t *rule, int depth)
{
	json_t *expr, *e, *m;
	const char *key, *xt, *verdict = NULL, *target = NULL;
	bool rpf = false;
	tri_t all = M_YES, t;
	size_t i, j;
	void *iter;
	chain_t c;

	expr = json_object_get(rule, "expr");
	/* first the verdict: iptables' policy match depends on it */
	json_array_foreach(expr, i, e)
	{
		iter = json_object_iter(e);
		if (!iter)
		{
			continue;
		}
		key = json_object_iter_key(iter);
		for (j = 0; verdicts[j]; j++)
		{
			if (!strcmp(key, verdicts[j]))
			{
				verdict = key;
				target = json_string_value(json_object_get(
							json_object_iter_value(iter), "target"));
			}
		}
		if (!strcmp(key, "xt"))
		{
			m = json_object_iter_value(iter);
			xt = json_string_value(json_object_get(m, "name")) ?: "";
			if (!strcmp(json_string_value(json_object_get(m, "type")) ?: "",
						"target") &&
				(!strcasecmp(xt, "MASQUERADE") || !strcasecmp(xt, "SNAT")))
			{
				verdict = "masquerade";
			}
		}
	}
	if (!verdict)
	{
		return -1;
	}
	json_array_foreach(expr, i, e)
	{
		iter = json_object_iter(e);
		if (!iter)
		{
			continue;
		}
		key = json_object_iter_key(iter);
		m = json_object_iter_value(iter);
		t = M_YES;
		if (!strcmp(key, "match"))
		{
			t = match(ctx, m);
			if (json_object_get(json_object_get(m, "left"), "fib"))
			{
				rpf = true;
			}
		}
		else if (!strcmp(key, "xt") &&
				 !strcmp(json_string_value(json_object_get(m, "type")) ?: "",
						 "match"))
		{
			xt = json_string_value(json_object_get(m, "name")) ?: "";
			if (!strcmp(xt, "policy"))
			{
				t = (!strcmp(verdict, "accept") || !strcmp(verdict, "return"))
					? M_YES : M_NO;
			}
			else if (!strcmp(xt, "rpfilter"))
			{
				rpf = true;
				t = ctx->pkt->rp_fail ? M_YES : M_NO;
			}
			else
			{
				t = M_UNKNOWN;
			}
		}
		if (t == M_NO)
		{
			return -1;
		}
		if (t == M_UNKNOWN)
		{
			all = M_UNKNOWN;
		}
	}
	if (!strcmp(verdict, "accept"))
	{
		return C_ACCEPT;
	}
	if (!strcmp(verdict, "return"))
	{
		return all == M_YES ? C_FALLTHROUGH : -1;
	}
	if (!strcmp(verdict, "drop") || !strcmp(verdict, "reject"))
	{
		if (all == M_YES &&
			(ctx->want == W_DROP || (ctx->want == W_RPFILTER && rpf)))
		{
			ctx->hit = describe(rule);
			return C_HIT;
		}
		/* dropped for another reason than the one asked about */
		return all == M_YES ? C_ACCEPT : -1;
	}
	if (!strcmp(verdict, "masquerade") || !strcmp(verdict, "snat"))
	{
		if (all == M_YES && ctx->want == W_SNAT)
		{
			ctx->hit = describe(rule);
			return C_HIT;
		}
		return all == M_YES ? C_ACCEPT : -1;
	}
	if ((!strcmp(verdict, "jump") || !strcmp(verdict, "goto")) && target)
	{
		c = eval_chain(ctx, json_string_value(json_object_get(rule, "family")),
					   json_string_value(json_object_get(rule, "table")),
					   target, depth + 1);
		if (all == M_YES)
		{
			if (c != C_FALLTHROUGH || !strcmp(verdict, "goto"))
			{
				return c;
			}
		}
		else if (c == C_ACCEPT)
		{	/* may be accepted there */
			return C_ACCEPT;
		}
		return -1;
	}
	/* queue: the packet leaves the ruleset */
	return all == M_YES ? C_ACCEPT : -1;
}

/**
 * Evaluate the rules of a chain in order
 */
static chain_t eval_chain(ctx_t *ctx, const char *family, const char *table,
						  const char *chain, int depth)
{
	json_t *item, *rule;
	size_t i;
	int res;

	if (!family || !table || !chain || depth > MAX_DEPTH)
	{
		return C_ACCEPT;
	}
	json_array_foreach(ctx->items, i, item)
	{
		rule = json_object_get(item, "rule");
		if (!rule ||
			strcmp(json_string_value(json_object_get(rule, "family")) ?: "", family) ||
			strcmp(json_string_value(json_object_get(rule, "table")) ?: "", table) ||
			strcmp(json_string_value(json_object_get(rule, "chain")) ?: "", chain))
		{
			continue;
		}
		res = eval_rule(ctx, rule, depth);
		if (res >= 0)
		{
			return res;
		}
	}
	return C_FALLTHROUGH;
}

/**
 * Walk the base chains of a hook
 */
static bool find(json_t *ruleset, const char *hook, const char *type,
				 const fw_packet_t *pkt, want_t want, char **out)
{
	json_t *item, *chain;
	const char *family, *policy;
	ctx_t ctx = {
		.items = json_object_get(ruleset, "nftables"),
		.pkt = pkt,
		.want = want,
	};
	size_t i;

	*out = NULL;
	json_array_foreach(ctx.items, i, item)
	{
		chain = json_object_get(item, "chain");
		if (!chain ||
			strcmp(json_string_value(json_object_get(chain, "hook")) ?: "", hook) ||
			(type && strcmp(json_string_value(json_object_get(chain, "type")) ?: "", type)))
		{
			continue;
		}
		family = json_string_value(json_object_get(chain, "family")) ?: "";
		if (strcmp(family, "inet") &&
			strcmp(family, pkt->saddr.family == AF_INET ? "ip" : "ip6"))
		{
			continue;
		}
		switch (eval_chain(&ctx, family,
						   json_string_value(json_object_get(chain, "table")),
						   json_string_value(json_object_get(chain, "name")), 0))
		{
			case C_HIT:
				*out = ctx.hit;
				return true;
			case C_FALLTHROUGH:
				policy = json_string_value(json_object_get(chain, "policy")) ?: "";
				if (want == W_DROP && !strcmp(policy, "drop"))
				{
					if (asprintf(out, "table %s %s chain %s: policy drop",
							family, json_string_value(json_object_get(chain, "table")),
							json_string_value(json_object_get(chain, "name"))) < 0)
					{
						*out = NULL;
					}
					return true;
				}
				break;
			default:
				break;
		}
	}
	return false;
}

bool fw_rules_find(json_t *ruleset, const char *hook, const char *type,
				   const fw_packet_t *pkt, fw_want_t want, char **rule)
{
	return find(ruleset, hook, type, pkt,
				want == FW_WANT_SNAT ? W_SNAT : W_DROP, rule);
}

bool fw_rules_find_rpfilter(json_t *ruleset, const fw_packet_t *pkt,
							char **rule)
{
	fw_packet_t p = *pkt;

	p.rp_fail = true;
	return find(ruleset, "prerouting", NULL, &p, W_RPFILTER, rule);
}
