/* Startup for the footprint firmware: vector table, reset handler (copy
 * .data, zero .bss, enable the FPU, run main, exit through semihosting),
 * a fault handler, and the semihosting calls. No libc. */
#include <stdint.h>

#include "semihost.h"

extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[], __stack_top[];

int main(void);
void reset_handler(void);
static void fault_handler(void);

typedef void (*vector)(void);

__attribute__((section(".vectors"), used)) static const vector vectors[16] = {
    (vector)(uintptr_t)__stack_top, /* initial SP */
    reset_handler,
    fault_handler, /* NMI */
    fault_handler, /* HardFault */
    fault_handler, /* MemManage */
    fault_handler, /* BusFault */
    fault_handler, /* UsageFault */
    0, 0, 0, 0,
    fault_handler, /* SVCall */
    fault_handler, /* DebugMon */
    0,
    fault_handler, /* PendSV */
    fault_handler, /* SysTick */
};

void reset_handler(void)
{
    volatile uint32_t *src = __data_load;
    volatile uint32_t *dst = __data_start;
    while (dst < __data_end)
        *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end;)
        *dst++ = 0;
    /* CPACR: full access to CP10/CP11, the FPU (the library is built for
     * the hard-float ABI). */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    sh_exit((uint32_t)main());
}

static void fault_handler(void)
{
    sh_puts("FAIL: CPU fault\n");
    sh_exit(99);
}

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void sh_puts(const char *s)
{
    semihost(0x04, s);
}

void sh_put_uint(uint32_t v)
{
    char buf[11];
    int i = 10;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && i > 0);
    sh_puts(&buf[i]);
}

void sh_put_hex(const uint8_t *p, uint32_t n)
{
    static const char digits[] = "0123456789abcdef";
    char buf[3];
    buf[2] = 0;
    for (uint32_t i = 0; i < n; i++) {
        buf[0] = digits[p[i] >> 4];
        buf[1] = digits[p[i] & 15u];
        sh_puts(buf);
    }
}

void sh_exit(uint32_t status)
{
    /* ADP_Stopped_ApplicationExit with the status as subcode: QEMU exits
     * with that status. */
    uint32_t block[2] = {0x20026u, status};
    semihost(0x20, block);
    for (;;) {
    }
}
