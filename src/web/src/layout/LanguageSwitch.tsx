import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { isLocale, LOCALES, type Locale } from '../../../common/locale.js';
import { updateMe } from '../api/endpoints.js';
import { toProblem } from '../api/problem.js';
import { currentLocale, switchLocale } from '../i18n/i18n.js';
import { LANGUAGE_NAMES } from '../i18n/languages.js';
import { cachedMe, ME_QUERY_KEY } from '../session/session.js';

/** 中文 / English. Signed in, the choice is saved to the account too, so emails follow it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const saveLocale = useMutation({
    mutationFn: (locale: Locale) => updateMe({ locale }),
    onSuccess: (updated) => queryClient.setQueryData(ME_QUERY_KEY, updated),
    onError: (error) => void message.error(toProblem(error, t('errors.loadFailed')).detail),
  });

  const choose = async (value: string) => {
    if (!isLocale(value)) return;
    await switchLocale(value);
    const me = cachedMe(queryClient);
    if (me && me.locale !== value) saveLocale.mutate(value);
  };

  return (
    <Segmented
      size="small"
      aria-label={t('nav.language')}
      data-testid="lang-switch"
      value={currentLocale()}
      options={LOCALES.map((locale) => ({
        value: locale,
        label: <span data-testid={`lang-${locale}`}>{LANGUAGE_NAMES[locale]}</span>,
      }))}
      onChange={(value) => void choose(value)}
    />
  );
}
