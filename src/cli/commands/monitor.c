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

#include "command.h"
#include "output.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long max_count, timeout;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int parse()
{
	char *arg, *end;
	int c;

	while ((c = command_getopt(&arg)) != EOF)
	{
		switch (c)
		{
			case 'n':
				max_count = strtoul(arg, &end, 10);
				if (!*arg || *end || *arg == '-')
				{
					return command_usage("invalid --count '%s'", arg);
				}
				break;
			case 't':
				timeout = strtoul(arg, &end, 10);
				if (!*arg || *end || *arg == '-')
				{
					return command_usage("invalid --timeout '%s'", arg);
				}
				break;
			default:
				return command_usage("invalid option");
		}
	}
	return EXIT_OK;
}

static int call(client_t *client)
{
	struct sigaction sa = { .sa_handler = on_signal };
	vpndiag_vici_node_t *event;
	unsigned long count = 0;
	char name[256], *err = NULL;

	if (!client_register(client, "vpndiag", &err))
	{
		fprintf(stderr, "vpndiag: %s\n", err);
		free(err);
		return EXIT_FAILED;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (command_format() == FORMAT_HUMAN)
	{
		printf("waiting for diagnoses (Ctrl-C to stop)\n");
		fflush(stdout);
	}
	while (!stop && (!max_count || count < max_count))
	{
		event = client_wait_event(client, timeout ? (int)(timeout * 1000) : -1,
								  name, &err);
		if (!event)
		{
			if (stop)
			{
				break;
			}
			if (err)
			{
				fprintf(stderr, "vpndiag: %s\n", err);
				free(err);
				return EXIT_FAILED;
			}
			/* timeout */
			return count ? EXIT_OK : EXIT_FAILED;
		}
		switch (command_format())
		{
			case FORMAT_JSON:
				output_json(stdout, event, true);
				fputc('\n', stdout);
				break;
			case FORMAT_HUMAN:
				printf("\n%s: ", strcmp(vpndiag_vici_get(event, "update") ?: "",
								"new") ? "repeated" : "new");
				output_human_record(stdout, event);
				break;
			default:
				command_dump(name, "event", event);
				break;
		}
		fflush(stdout);
		vpndiag_vici_free(event);
		count++;
	}
	return EXIT_OK;
}

static void __attribute__ ((constructor))reg()
{
	command_register((command_t) {
		parse, call, 'm', "monitor", NULL,
		"print diagnoses as they happen (new and repeated)",
		{"[--count N] [--timeout S] [--json|--raw|--pretty]",
		 "--json prints one JSON record per line (with \"update\")"},
		{
			{"count", 'n', true, "exit after N diagnoses"},
			{"timeout", 't', true, "exit after S seconds without one "
			 "(exit 1 if none came)"},
		}
	});
}
