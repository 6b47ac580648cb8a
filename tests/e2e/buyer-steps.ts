import type { Page } from 'playwright-core';

/** What a buyer does on the storefront in the browser tests, shared by the files that do it. */

/**
 * The checkout dialog from its details to the payment step: details → usage rules (showing `rule`) → the
 * separate no-reason-return step, acknowledging both.
 */
export async function walkCheckoutToPayment(page: Page, rule: string): Promise<void> {
  await page.getByTestId('checkout-next').click();
  await page.getByTestId('checkout-rules').filter({ hasText: rule }).waitFor();
  // Going on without ticking the box is refused on the page.
  await page.getByTestId('checkout-next').click();
  await page.locator('.ant-form-item-explain-error').first().waitFor();
  await page.getByTestId('checkout-ack-rules').check();
  await page.getByTestId('checkout-next').click();
  await page.getByTestId('checkout-returns-notice').waitFor();
  await page.getByTestId('checkout-ack-returns').check();
  await page.getByTestId('checkout-next').click();
  await page.getByTestId('checkout-submit').waitFor();
}

/** Reveals a delivered order's card keys on its page: each secret, and whether a dispute replaced it. */
export async function revealKeys(page: Page): Promise<Array<{ secret: string; replaced: string | null }>> {
  await page.getByTestId('reveal-keys').click();
  await page.getByTestId('key-item').first().waitFor();
  const items = page.getByTestId('key-item');
  const keys = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    keys.push({
      secret: await item.getByTestId('key-secret').innerText(),
      replaced: await item.getAttribute('data-replaced'),
    });
  }
  return keys;
}
