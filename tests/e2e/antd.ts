import type { Page } from 'playwright-core';

/** Working Ant Design's controls from the browser tests, shared by the files that use them. */

/** Picks an option of the antd Select carrying `testId` by its visible label. */
export async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first()
    .click();
}
