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

#include "vpndiag_vici_msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

/**
 * Whether a packet type carries a name
 */
static bool named(vpndiag_vici_op_t op)
{
	switch (op)
	{
		case VPNDIAG_VICI_CMD_REQUEST:
		case VPNDIAG_VICI_EVENT_REGISTER:
		case VPNDIAG_VICI_EVENT_UNREGISTER:
		case VPNDIAG_VICI_EVENT:
			return true;
		default:
			return false;
	}
}

/**
 * Append bytes, growing the buffer within the segment limit
 */
static void put(vpndiag_vici_builder_t *b, const void *data, size_t len)
{
	uint8_t *buf;
	size_t size;

	if (b->failed || !len)
	{
		return;
	}
	if (b->len + len - b->start > VPNDIAG_VICI_MAX_SEGMENT + 4)
	{
		b->failed = true;
		return;
	}
	if (b->len + len > b->size)
	{
		/* most records encode to 1-2 KB: start at 4 KB instead of
		 * growing from 256 bytes (four realloc()s per record) */
		size = b->size ? b->size : 4096;
		while (size < b->len + len)
		{
			size *= 2;
		}
		buf = realloc(b->buf, size);
		if (!buf)
		{
			b->failed = true;
			return;
		}
		b->buf = buf;
		b->size = size;
	}
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

static inline void put_u8(vpndiag_vici_builder_t *b, unsigned v)
{
	uint8_t c = v;

	/* the common case in place: room in the buffer, within the segment's
	 * limit (the same conditions put() checks) */
	if (!b->failed && b->len < b->size &&
		b->len + 1 - b->start <= VPNDIAG_VICI_MAX_SEGMENT + 4)
	{
		b->buf[b->len++] = c;
		return;
	}
	put(b, &c, 1);
}

/**
 * Room for n bytes in place (no failure, within the buffer and the
 * segment's limit): the bytes to fill, b->len advanced; else NULL and
 * nothing changed (the caller takes the checking path through put())
 */
static inline uint8_t *reserve(vpndiag_vici_builder_t *b, size_t n)
{
	uint8_t *pos;

	if (b->failed || b->len + n > b->size ||
		b->len + n - b->start > VPNDIAG_VICI_MAX_SEGMENT + 4)
	{
		return NULL;
	}
	pos = b->buf + b->len;
	b->len += n;
	return pos;
}

/**
 * Append a name with its 8-bit length
 */
static void put_name(vpndiag_vici_builder_t *b, const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len > 255)
	{
		b->failed = true;
		return;
	}
	put_u8(b, len);
	put(b, name, len);
}

/**
 * Append a value with its 16-bit length
 */
static void put_value(vpndiag_vici_builder_t *b, const void *value,
					  size_t len)
{
	if (len > 0xffff)
	{
		b->failed = true;
		return;
	}
	put_u8(b, len >> 8);
	put_u8(b, len & 0xff);
	put(b, value, len);
}

/**
 * Flat list: append name and suffix (NUL-terminated) to the key prefix
 */
static void flat_push(vpndiag_vici_builder_t *b, const char *name,
					  const char *suffix)
{
	size_t len = strlen(name), slen = strlen(suffix);

	if (b->prefix_len + len + slen > sizeof(b->prefix))
	{
		b->failed = true;
		return;
	}
	memcpy(b->prefix + b->prefix_len, name, len);
	memcpy(b->prefix + b->prefix_len + len, suffix, slen);
	b->prefix_len += len + slen;
}

/**
 * Flat list: an item "<prefix><name>=<value>" (name NULL within a list)
 */
static void flat_item(vpndiag_vici_builder_t *b, const char *name,
					  const void *value, size_t len)
{
	size_t nlen = name ? strlen(name) : 0, total;
	uint8_t *pos;

	total = b->prefix_len + nlen + 1 + len;
	if (total > 0xffff)
	{
		b->failed = true;
		return;
	}
	pos = reserve(b, 3 + total);
	if (pos)
	{
		pos[0] = VPNDIAG_VICI_LIST_ITEM;
		pos[1] = total >> 8;
		pos[2] = total & 0xff;
		memcpy(pos + 3, b->prefix, b->prefix_len);
		pos += 3 + b->prefix_len;
		if (nlen)
		{
			memcpy(pos, name, nlen);
		}
		pos[nlen] = '=';
		memcpy(pos + nlen + 1, value, len);
		return;
	}
	put_u8(b, VPNDIAG_VICI_LIST_ITEM);
	put_u8(b, total >> 8);
	put_u8(b, total & 0xff);
	put(b, b->prefix, b->prefix_len);
	put(b, name, nlen);
	put_u8(b, '=');
	put(b, value, len);
}

/**
 * Leave flat mode (no list of it open any more)
 */
static void flat_reset(vpndiag_vici_builder_t *b)
{
	b->flat = b->flat_list = false;
	b->flat_depth = b->prefix_len = 0;
}

/*
 * Described in header
 */
/**
 * Start a packet at b->len: room for its length, operation and name
 */
static void put_header(vpndiag_vici_builder_t *b, vpndiag_vici_op_t op,
					   const char *name)
{
	b->start = b->len;
	put(b, "\0\0\0\0", 4);
	put_u8(b, op);
	if (named(op))
	{
		put_name(b, name);
	}
}

/**
 * Fill in the length of the packet started at b->start, if it is complete
 */
static bool put_length(vpndiag_vici_builder_t *b)
{
	size_t body;

	if (b->failed || b->depth || b->in_list || !b->buf)
	{
		return false;
	}
	body = b->len - b->start - 4;
	b->buf[b->start + 0] = body >> 24;
	b->buf[b->start + 1] = body >> 16;
	b->buf[b->start + 2] = body >> 8;
	b->buf[b->start + 3] = body;
	return true;
}

/*
 * Described in header
 */
void vpndiag_vici_begin(vpndiag_vici_builder_t *b, vpndiag_vici_op_t op,
						const char *name)
{
	*b = (vpndiag_vici_builder_t){ .failed = false };
	put_header(b, op, name);
}

/*
 * Described in header
 */
void vpndiag_vici_section(vpndiag_vici_builder_t *b, const char *name)
{
	if (b->flat)
	{
		if (b->flat_list || b->flat_depth >= VPNDIAG_VICI_FLAT_DEPTH)
		{
			b->failed = true;
			return;
		}
		b->section_len[b->flat_depth++] = b->prefix_len;
		flat_push(b, name, ".");
		return;
	}
	if (b->in_list)
	{
		b->failed = true;
	}
	put_u8(b, VPNDIAG_VICI_SECTION_START);
	put_name(b, name);
	b->depth++;
}

/*
 * Described in header
 */
void vpndiag_vici_end_section(vpndiag_vici_builder_t *b)
{
	if (b->flat)
	{
		if (b->flat_list || !b->flat_depth)
		{
			b->failed = true;
			return;
		}
		b->prefix_len = b->section_len[--b->flat_depth];
		return;
	}
	if (b->in_list || b->depth <= 0)
	{
		b->failed = true;
	}
	put_u8(b, VPNDIAG_VICI_SECTION_END);
	b->depth--;
}

/*
 * Described in header
 */
void vpndiag_vici_kv(vpndiag_vici_builder_t *b, const char *name,
					 const void *value, size_t len)
{
	if (b->flat)
	{
		if (b->flat_list)
		{
			b->failed = true;
			return;
		}
		flat_item(b, name, value, len);
		return;
	}
	size_t nlen;
	uint8_t *pos;

	if (b->in_list)
	{
		b->failed = true;
	}
	nlen = name ? strlen(name) : 256;
	if (nlen <= 255 && len <= 0xffff && (pos = reserve(b, 4 + nlen + len)))
	{	/* the common case in place, as put_name() and put_value() do it */
		pos[0] = VPNDIAG_VICI_KEY_VALUE;
		pos[1] = nlen;
		memcpy(pos + 2, name, nlen);
		pos[2 + nlen] = len >> 8;
		pos[3 + nlen] = len & 0xff;
		memcpy(pos + 4 + nlen, value, len);
		return;
	}
	put_u8(b, VPNDIAG_VICI_KEY_VALUE);
	put_name(b, name);
	put_value(b, value, len);
}

/*
 * Described in header
 */
void vpndiag_vici_str(vpndiag_vici_builder_t *b, const char *name,
					  const char *value)
{
	if (value)
	{
		vpndiag_vici_kv(b, name, value, strlen(value));
	}
}

/*
 * Described in header
 */
void vpndiag_vici_fmt(vpndiag_vici_builder_t *b, const char *name,
					  const char *fmt, ...)
{
	char buf[512];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (len < 0 || (size_t)len >= sizeof(buf))
	{
		b->failed = true;
		return;
	}
	vpndiag_vici_kv(b, name, buf, len);
}

/*
 * Described in header
 */
char *vpndiag_u64_digits(uint64_t value, char *end)
{
	do
	{
		*--end = '0' + value % 10;
		value /= 10;
	}
	while (value);
	return end;
}

/*
 * Described in header
 */
void vpndiag_vici_u64(vpndiag_vici_builder_t *b, const char *name,
					  uint64_t value)
{
	char buf[20], *pos;

	pos = vpndiag_u64_digits(value, buf + sizeof(buf));
	vpndiag_vici_kv(b, name, pos, buf + sizeof(buf) - pos);
}

/*
 * Described in header
 */
void vpndiag_vici_i64(vpndiag_vici_builder_t *b, const char *name,
					  int64_t value)
{
	char buf[21], *pos;

	pos = vpndiag_u64_digits(value < 0 ? -(uint64_t)value : (uint64_t)value,
							 buf + sizeof(buf));
	if (value < 0)
	{
		*--pos = '-';
	}
	vpndiag_vici_kv(b, name, pos, buf + sizeof(buf) - pos);
}

/*
 * Described in header
 */
void vpndiag_vici_list(vpndiag_vici_builder_t *b, const char *name)
{
	if (b->flat)
	{
		if (b->flat_list)
		{
			b->failed = true;
			return;
		}
		b->list_len = b->prefix_len;
		flat_push(b, name, "[]");
		b->flat_list = true;
		return;
	}
	if (b->in_list)
	{
		b->failed = true;
	}
	put_u8(b, VPNDIAG_VICI_LIST_START);
	put_name(b, name);
	b->in_list = true;
}

/*
 * Described in header
 */
void vpndiag_vici_item(vpndiag_vici_builder_t *b, const char *value)
{
	if (b->flat)
	{
		if (!b->flat_list)
		{
			b->failed = true;
			return;
		}
		flat_item(b, NULL, value, strlen(value));
		return;
	}
	if (!b->in_list)
	{
		b->failed = true;
	}
	put_u8(b, VPNDIAG_VICI_LIST_ITEM);
	put_value(b, value, strlen(value));
}

/*
 * Described in header
 */
void vpndiag_vici_end_list(vpndiag_vici_builder_t *b)
{
	if (b->flat)
	{
		if (!b->flat_list)
		{
			b->failed = true;
			return;
		}
		b->prefix_len = b->list_len;
		b->flat_list = false;
		return;
	}
	if (!b->in_list)
	{
		b->failed = true;
	}
	put_u8(b, VPNDIAG_VICI_LIST_END);
	b->in_list = false;
}

/*
 * Described in header
 */
void vpndiag_vici_flat(vpndiag_vici_builder_t *b, const char *name)
{
	if (b->flat)
	{
		b->failed = true;
		return;
	}
	vpndiag_vici_list(b, name);
	b->flat = true;
}

/*
 * Described in header
 */
void vpndiag_vici_end_flat(vpndiag_vici_builder_t *b)
{
	if (!b->flat || b->flat_list || b->flat_depth)
	{
		b->failed = true;
	}
	flat_reset(b);
	vpndiag_vici_end_list(b);
}

/*
 * Described in header
 */
uint8_t *vpndiag_vici_finish(vpndiag_vici_builder_t *b, size_t *len)
{
	uint8_t *buf;

	if (!put_length(b))
	{
		vpndiag_vici_abort(b);
		return NULL;
	}
	buf = b->buf;
	*len = b->len;
	*b = (vpndiag_vici_builder_t){ .failed = true };
	return buf;
}

/*
 * Described in header
 */
void vpndiag_vici_append_begin(vpndiag_vici_builder_t *b, vpndiag_vici_op_t op,
							   const char *name)
{
	b->depth = 0;
	b->in_list = false;
	b->failed = false;
	flat_reset(b);
	put_header(b, op, name);
}

/*
 * Described in header
 */
bool vpndiag_vici_append_end(vpndiag_vici_builder_t *b)
{
	if (!put_length(b))
	{
		b->len = b->start;
		b->failed = false;
		b->depth = 0;
		b->in_list = false;
		flat_reset(b);
		return false;
	}
	b->start = b->len;
	return true;
}

/*
 * Described in header
 */
void vpndiag_vici_truncate(vpndiag_vici_builder_t *b, size_t mark, int depth)
{
	if (mark >= b->start && mark <= b->len)
	{
		b->len = mark;
		b->depth = depth;
		b->in_list = false;
		b->failed = false;
		flat_reset(b);
	}
}

/*
 * Described in header
 */
void vpndiag_vici_abort(vpndiag_vici_builder_t *b)
{
	free(b->buf);
	*b = (vpndiag_vici_builder_t){ .failed = true };
}

/*
 * Described in header
 */
bool vpndiag_vici_packet(const uint8_t *data, size_t len,
						 vpndiag_vici_op_t *op, char name[256],
						 const uint8_t **msg, size_t *msg_len)
{
	size_t nlen = 0;

	if (len < 1 || data[0] > VPNDIAG_VICI_EVENT)
	{
		return false;
	}
	*op = data[0];
	name[0] = '\0';
	data++;
	len--;
	if (named(*op))
	{
		if (len < 1 || len - 1 < data[0] || data[0] == 0)
		{
			return false;
		}
		nlen = data[0];
		memcpy(name, data + 1, nlen);
		name[nlen] = '\0';
		if (strlen(name) != nlen)
		{	/* embedded NUL */
			return false;
		}
		data += 1 + nlen;
		len -= 1 + nlen;
	}
	*msg = data;
	*msg_len = len;
	return true;
}

/**
 * A block of the arena a decoded tree lives in: its nodes and strings are
 * carved out of a few blocks instead of a malloc() each (issue 22: the
 * CLI decodes one tree per record of a listing)
 */
typedef struct arena_t arena_t;
struct arena_t {
	/** next (older) block */
	arena_t *next;
	/** bytes of data used, and available */
	size_t used, size;
	/** the data, aligned for pointers and size_t */
	uint64_t data[];
};

/**
 * A decoded tree: the root first, so that the root's address is the tree's
 */
typedef struct {
	vpndiag_vici_node_t root;
	/** blocks, newest first */
	arena_t *blocks;
} tree_t;

/**
 * Decoder state
 */
typedef struct {
	const uint8_t *pos;
	size_t left;
	int elements;
	const char *err;
	/** the tree being decoded */
	tree_t *tree;
} parser_t;

/**
 * Allocate from the tree's arena (not zeroed), NULL if out of memory
 */
static void *arena_alloc(parser_t *p, size_t len)
{
	arena_t *block = p->tree->blocks;
	size_t size;
	void *ptr;

	len = (len + 7) & ~(size_t)7;
	if (!block || block->size - block->used < len)
	{
		/* the first block fits the nodes and strings of a typical
		 * message (a record: ~1.2 KB, ~35 elements), later ones double */
		size = block ? block->size * 2 : 2 * p->left + 1024;
		size = size < len ? len : size;
		block = malloc(sizeof(*block) + size);
		if (!block)
		{
			return NULL;
		}
		block->next = p->tree->blocks;
		block->used = 0;
		block->size = size;
		p->tree->blocks = block;
	}
	ptr = (uint8_t*)block->data + block->used;
	block->used += len;
	return ptr;
}

static bool take_name(parser_t *p, char **name)
{
	size_t len;

	if (p->left < 1 || p->left - 1 < p->pos[0])
	{
		p->err = "truncated name";
		return false;
	}
	len = p->pos[0];
	*name = arena_alloc(p, len + 1);
	if (!*name)
	{
		p->err = "out of memory";
		return false;
	}
	memcpy(*name, p->pos + 1, len);
	(*name)[len] = '\0';
	p->pos += 1 + len;
	p->left -= 1 + len;
	return true;
}

static bool take_value(parser_t *p, vpndiag_vici_node_t *node)
{
	size_t len;

	if (p->left < 2)
	{
		p->err = "truncated value length";
		return false;
	}
	len = (p->pos[0] << 8) | p->pos[1];
	if (p->left - 2 < len)
	{
		p->err = "truncated value";
		return false;
	}
	node->value = arena_alloc(p, len + 1);
	if (!node->value)
	{
		p->err = "out of memory";
		return false;
	}
	memcpy(node->value, p->pos + 2, len);
	node->value[len] = '\0';
	node->len = len;
	p->pos += 2 + len;
	p->left -= 2 + len;
	return true;
}

static vpndiag_vici_node_t *new_node(parser_t *p, vpndiag_vici_type_t type)
{
	vpndiag_vici_node_t *node;

	if (++p->elements > VPNDIAG_VICI_MAX_ELEMENTS)
	{
		p->err = "too many elements";
		return NULL;
	}
	node = arena_alloc(p, sizeof(*node));
	if (!node)
	{
		p->err = "out of memory";
		return NULL;
	}
	*node = (vpndiag_vici_node_t){
		.type = type,
	};
	return node;
}

/**
 * Parse the elements of a section up to its end (or the message's end for
 * the root), appending to section's children.
 */
static bool parse_section(parser_t *p, vpndiag_vici_node_t *section,
						  int depth)
{
	vpndiag_vici_node_t **tail = &section->child, *node, **items;
	uint8_t type;

	while (p->left)
	{
		type = p->pos[0];
		p->pos++;
		p->left--;
		switch (type)
		{
			case VPNDIAG_VICI_SECTION_END:
				if (depth == 0)
				{
					p->err = "unbalanced section end";
					return false;
				}
				return true;
			case VPNDIAG_VICI_SECTION_START:
				if (depth + 1 >= VPNDIAG_VICI_MAX_DEPTH)
				{
					p->err = "sections nested too deep";
					return false;
				}
				node = new_node(p, type);
				if (!node)
				{
					return false;
				}
				*tail = node;
				tail = &node->next;
				if (!take_name(p, &node->name) ||
					!parse_section(p, node, depth + 1))
				{
					return false;
				}
				break;
			case VPNDIAG_VICI_KEY_VALUE:
				node = new_node(p, type);
				if (!node)
				{
					return false;
				}
				*tail = node;
				tail = &node->next;
				if (!take_name(p, &node->name) || !take_value(p, node))
				{
					return false;
				}
				break;
			case VPNDIAG_VICI_LIST_START:
				node = new_node(p, type);
				if (!node)
				{
					return false;
				}
				*tail = node;
				tail = &node->next;
				if (!take_name(p, &node->name))
				{
					return false;
				}
				items = &node->child;
				while (true)
				{
					if (!p->left)
					{
						p->err = "unterminated list";
						return false;
					}
					type = p->pos[0];
					p->pos++;
					p->left--;
					if (type == VPNDIAG_VICI_LIST_END)
					{
						break;
					}
					if (type != VPNDIAG_VICI_LIST_ITEM)
					{
						p->err = "unexpected element in list";
						return false;
					}
					*items = new_node(p, type);
					if (!*items)
					{
						return false;
					}
					if (!take_value(p, *items))
					{
						return false;
					}
					(*items)->name = arena_alloc(p, 1);
					if (!(*items)->name)
					{
						p->err = "out of memory";
						return false;
					}
					(*items)->name[0] = '\0';
					items = &(*items)->next;
				}
				break;
			default:
				p->err = "unknown or misplaced element type";
				return false;
		}
	}
	if (depth)
	{
		p->err = "unterminated section";
		return false;
	}
	return true;
}

/*
 * Described in header
 */
vpndiag_vici_node_t *vpndiag_vici_parse(const uint8_t *msg, size_t len,
										const char **err)
{
	parser_t p = { .pos = msg, .left = len, .err = "malformed message" };
	vpndiag_vici_node_t *root;

	p.tree = calloc(1, sizeof(*p.tree));
	if (!p.tree)
	{
		*err = "out of memory";
		return NULL;
	}
	root = &p.tree->root;
	root->type = VPNDIAG_VICI_SECTION_START;
	root->name = arena_alloc(&p, 1);
	if (root->name)
	{
		root->name[0] = '\0';
	}
	if (!root->name || !parse_section(&p, root, 0))
	{
		*err = p.err;
		vpndiag_vici_free(root);
		return NULL;
	}
	return root;
}

/*
 * Described in header
 */
vpndiag_vici_node_t *vpndiag_vici_find(vpndiag_vici_node_t *section,
									   const char *name,
									   vpndiag_vici_type_t type)
{
	vpndiag_vici_node_t *node;

	for (node = section ? section->child : NULL; node; node = node->next)
	{
		if (node->type == type && node->name && strcmp(node->name, name) == 0)
		{
			return node;
		}
	}
	return NULL;
}

/*
 * Described in header
 */
const char *vpndiag_vici_get(vpndiag_vici_node_t *section, const char *name)
{
	vpndiag_vici_node_t *node;

	node = vpndiag_vici_find(section, name, VPNDIAG_VICI_KEY_VALUE);
	return node ? node->value : NULL;
}

/*
 * Described in header
 */
void vpndiag_vici_free(vpndiag_vici_node_t *node)
{
	tree_t *tree = (tree_t*)node;
	arena_t *block;

	if (tree)
	{
		while (tree->blocks)
		{
			block = tree->blocks;
			tree->blocks = block->next;
			free(block);
		}
		free(tree);
	}
}
