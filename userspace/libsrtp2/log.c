// SPDX-License-Identifier: BSD-3-Clause
/*
 * log.c - libsrtp2's log handler and debug modules. Messages go to the installed handler only;
 * with none installed they go nowhere (libsrtp2's default too).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dropin.h"

static srtp_log_handler_func_t *log_handler;
static void *log_data;
static int debug_srtp;

/* Debian's libsrtp2 2.5's module names (its NSS build), so that callers switching them on get
 * the answer they expect; only "srtp" says anything here. */
static const char *const debug_modules[] = {
	"srtp", "hmac sha-1 nss", "aes gcm nss", "aes icm nss", "alloc", "cipher", "auth func",
	"crypto kernel",
};

int dropin_debug_on(void)
{
	return debug_srtp;
}

void dropin_log(srtp_log_level_t level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!log_handler)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_handler(level, msg, log_data);
}

DROPIN_API srtp_err_status_t srtp_install_log_handler(srtp_log_handler_func_t func, void *data)
{
	log_handler = func;
	log_data = func ? data : NULL;
	return srtp_err_status_ok;
}

DROPIN_API srtp_err_status_t srtp_set_debug_module(const char *mod_name, int v)
{
	if (!mod_name)
		return srtp_err_status_bad_param;
	for (size_t i = 0; i < sizeof(debug_modules) / sizeof(debug_modules[0]); i++)
		if (!strcmp(mod_name, debug_modules[i])) {
			if (i == 0)
				debug_srtp = v != 0;
			return srtp_err_status_ok;
		}
	return srtp_err_status_fail;
}

DROPIN_API srtp_err_status_t srtp_list_debug_modules(void)
{
	dropin_log(srtp_log_level_info, "debug modules loaded:");
	for (size_t i = 0; i < sizeof(debug_modules) / sizeof(debug_modules[0]); i++) {
		dropin_log(srtp_log_level_info, "  %s ", debug_modules[i]);
		dropin_log(srtp_log_level_info, "%s", i == 0 && debug_srtp ? "(on)" : "(off)");
	}
	return srtp_err_status_ok;
}
