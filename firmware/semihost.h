/* ARM semihosting (as QEMU implements it with -semihosting-config
 * enable=on): console output and exit with a status. No libc. */
#ifndef FIRMWARE_SEMIHOST_H
#define FIRMWARE_SEMIHOST_H

#include <stdint.h>

void sh_puts(const char *s);           /* SYS_WRITE0 */
void sh_put_uint(uint32_t v);          /* decimal */
void sh_put_hex(const uint8_t *p, uint32_t n);
void sh_exit(uint32_t status) __attribute__((noreturn)); /* SYS_EXIT_EXTENDED */

#endif
