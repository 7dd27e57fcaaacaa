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
 * @defgroup command command
 * @{ @ingroup vpndiag_cli
 *
 * Command registry of the vpndiag CLI, modelled on swanctl: every command
 * lives in commands/<name>.c and registers itself with its options from a
 * constructor. One command per invocation (vpndiag --list --conn gw).
 * The options every command takes (--uri, --json, --raw, --pretty,
 * --help) are handled here.
 */

#ifndef COMMAND_H_
#define COMMAND_H_

#include "client.h"

#include <stdbool.h>

/** most commands, options per command (+ the common ones), usage lines */
#define MAX_COMMANDS 16
#define MAX_OPTIONS 16
#define MAX_LINES 6

/** exit codes of the contract, section 4 */
#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_PROBE_FAILED 3
/** --check found at least one error (contract section 8) */
#define EXIT_CHECK_ERRORS 4

typedef struct command_t command_t;
typedef struct command_option_t command_option_t;
typedef enum command_format_t command_format_t;

/**
 * Output formats.
 */
enum command_format_t {
	/** for people, 80 columns */
	FORMAT_HUMAN,
	/** the record schema as JSON */
	FORMAT_JSON,
	/** VICI messages, one line each */
	FORMAT_RAW,
	/** VICI messages, indented */
	FORMAT_PRETTY,
};

/**
 * An option of a command.
 */
struct command_option_t {
	/** long name */
	const char *name;
	/** short character, 0 for none */
	char op;
	/** TRUE if it takes an argument */
	bool arg;
	/** description */
	const char *desc;
};

/**
 * A command.
 */
struct command_t {
	/** parse the command's options (command_getopt()); returns EXIT_OK or
	 *  the exit code of a usage error, before anything is connected */
	int (*parse)(void);
	/** run it; returns the exit code */
	int (*call)(client_t *client);
	/** short option character and long name selecting it */
	char op;
	const char *cmd;
	/** name of the selector's argument (--probe CONN), in brackets if
	 *  optional (--check [CONN]), NULL for none */
	const char *arg;
	/** one line description */
	const char *description;
	/** usage summary lines */
	const char *line[MAX_LINES];
	/** the command's own options */
	command_option_t options[MAX_OPTIONS];
};

/**
 * Register a command (from a constructor).
 */
void command_register(command_t command);

/**
 * Next option of the running command, as getopt_long: returns the short
 * character (or the long name's index + 256 if it has none), EOF at the
 * end; common options are handled and skipped.
 *
 * @param arg		receives the option's argument
 */
int command_getopt(char **arg);

/**
 * Print an error and the usage of the running command.
 *
 * @return			EXIT_USAGE
 */
int command_usage(const char *fmt, ...);

/**
 * The selector's argument (--explain CODE), NULL if it takes none.
 */
const char *command_arg();

/**
 * The --uri option or the default from strongswan.conf.
 */
const char *command_uri();

/**
 * Output format chosen with --json/--raw/--pretty.
 */
command_format_t command_format();

/**
 * Print a VICI message as --raw/--pretty want it.
 */
void command_dump(const char *name, const char *type,
				  vpndiag_vici_node_t *msg);

/**
 * Check the reply of a command's request. Without a reply, says why on
 * stderr (err, freed here). With dump (the streaming commands), the reply
 * is dumped for --raw/--pretty first, successful or not. A reply without
 * success = yes is freed after saying its errmsg, or failed ("<name>
 * failed" when NULL), on stderr.
 *
 * @param name		command name, e.g. "vpndiag-list"
 * @param res		reply of client_request(), NULL on failure
 * @param err		error of client_request() when res is NULL
 * @param failed	text when the reply has no errmsg, NULL for the default
 * @param dump		dump the reply for --raw/--pretty
 * @return			the successful reply (caller frees), NULL on failure
 */
vpndiag_vici_node_t *command_reply(const char *name, vpndiag_vici_node_t *res,
								   char *err, const char *failed, bool dump);

/**
 * Parse the command line, connect and run the command.
 */
int command_dispatch(int argc, char *argv[]);

#endif /** COMMAND_H_ @}*/
