import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NavMenu } from './NavMenu.js';
import { SessionActions } from './SessionActions.js';

/** Brand, sections, language and session; below the md breakpoint the sections move into a drawer. */
export function AppHeader({ shopName }: { shopName: string }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [isDrawerOpen, setDrawerOpen] = useState(false);
  const isNarrow = screens.md !== true;
  const closeDrawer = () => setDrawerOpen(false);

  return (
    <Layout.Header className="app-header">
      <Link to="/" className="brand" data-testid="header-shop-name">
        {shopName}
      </Link>
      {isNarrow ? (
        <>
          <span className="header-spacer" />
          <LanguageSwitch />
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.menu')}
            onClick={() => setDrawerOpen(true)}
            data-testid="header-menu"
          />
          <Drawer
            title={shopName}
            placement="right"
            size={280}
            open={isDrawerOpen}
            onClose={closeDrawer}
            data-testid="header-drawer"
          >
            <Flex vertical gap="large">
              <NavMenu mode="inline" onNavigate={closeDrawer} />
              <SessionActions vertical onNavigate={closeDrawer} />
            </Flex>
          </Drawer>
        </>
      ) : (
        <>
          <NavMenu mode="horizontal" />
          <LanguageSwitch />
          <SessionActions />
        </>
      )}
    </Layout.Header>
  );
}
