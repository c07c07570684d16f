import { ReactNode } from 'react';
import { Layout, RequireRole } from './components/layout';
import { I18nProvider, useI18n } from './i18n/i18n';
import { AuditPage } from './pages/admin/audit';
import { AuctionsAdminPage } from './pages/admin/auctions';
import { VerificationPage } from './pages/admin/organisations';
import { ReviewQueuePage } from './pages/admin/review';
import { AuctionRoomPage } from './pages/auction-room';
import { AuctionsPage } from './pages/auctions';
import { LoginPage, RegisterPage } from './pages/auth';
import { CataloguePage } from './pages/catalogue';
import { DemandFormPage, DemandPage, DemandsPage, MyDemandsPage } from './pages/demands';
import { EvaluationPage, EvaluationsPage } from './pages/evaluations';
import { AssignmentPage, AssignmentsPage } from './pages/expert';
import { AcceptInvitationPage, ExpertPoolPage } from './pages/experts';
import { ListingPage } from './pages/listing';
import { ListingFormPage } from './pages/listing-form';
import { CreateAuctionPage, MyAuctionsPage } from './pages/my-auctions';
import { MyListingsPage } from './pages/my-listings';
import { InterestsPage, NegotiationPage } from './pages/negotiations';
import { NotificationsPage } from './pages/notifications';
import { OrganisationPage } from './pages/organisation';
import { ReportPage } from './pages/report';
import { TradePage, TradesPage } from './pages/trades';
import { WalletPage } from './pages/wallet';
import { matchPath, useLocation } from './router';
import { SessionProvider, useSession } from './session';

type Params = Record<string, string>;
const member = (page: ReactNode) => <RequireRole roles={['member']}>{page}</RequireRole>;
const operator = (page: ReactNode) => <RequireRole roles={['operator']}>{page}</RequireRole>;
const expert = (page: ReactNode) => <RequireRole roles={['expert']}>{page}</RequireRole>;

/** Every page of the console; the first pattern that matches wins. */
const ROUTES: [string, (p: Params) => ReactNode][] = [
  ['/', () => <CataloguePage />],
  ['/listings/:id', (p) => <ListingPage id={p.id} />],
  ['/auctions', () => <AuctionsPage />],
  ['/auctions/:id', (p) => <AuctionRoomPage id={p.id} />],
  ['/reports', () => <ReportPage />],
  ['/demands', () => <DemandsPage />],
  ['/demands/:id', (p) => <DemandPage id={p.id} />],
  ['/login', () => <LoginPage />],
  ['/register', () => <RegisterPage />],
  ['/accept-invitation', () => <AcceptInvitationPage />],
  ['/my/organisation', () => member(<OrganisationPage />)],
  ['/my/listings', () => member(<MyListingsPage />)],
  ['/my/listings/new', () => member(<ListingFormPage />)],
  ['/my/listings/:id/edit', (p) => member(<ListingFormPage id={p.id} />)],
  ['/my/auctions', () => member(<MyAuctionsPage />)],
  ['/my/auctions/new', () => member(<CreateAuctionPage />)],
  ['/my/wallet', () => member(<WalletPage />)],
  ['/my/trades', () => member(<TradesPage />)],
  ['/my/interests', () => member(<InterestsPage />)],
  ['/my/demands', () => member(<MyDemandsPage />)],
  ['/my/demands/new', () => member(<DemandFormPage />)],
  ['/my/demands/:id/edit', (p) => member(<DemandFormPage id={p.id} />)],
  ['/my/evaluations', () => member(<EvaluationsPage />)],
  ['/evaluations/:id', (p) => <RequireRole roles={['member', 'operator']}>{<EvaluationPage id={p.id} />}</RequireRole>],
  ['/expert/assignments', () => expert(<AssignmentsPage />)],
  ['/expert/assignments/:id', (p) => expert(<AssignmentPage id={p.id} />)],
  ['/negotiations/:id', (p) => <RequireRole roles={['member', 'operator']}>{<NegotiationPage id={p.id} />}</RequireRole>],
  ['/trades/:id', (p) => <RequireRole roles={['member', 'operator']}>{<TradePage id={p.id} />}</RequireRole>],
  ['/notifications', () => <RequireRole roles={['member', 'operator', 'expert']}>{<NotificationsPage />}</RequireRole>],
  ['/admin/review', () => operator(<ReviewQueuePage />)],
  ['/admin/organisations', () => operator(<VerificationPage />)],
  ['/admin/auctions', () => operator(<AuctionsAdminPage />)],
  ['/admin/trades', () => operator(<TradesPage admin />)],
  ['/admin/audit', () => operator(<AuditPage />)],
  ['/admin/evaluations', () => operator(<EvaluationsPage admin />)],
  ['/admin/demands', () => operator(<MyDemandsPage admin />)],
  ['/admin/experts', () => operator(<ExpertPoolPage />)],
];

function Routes() {
  const { path } = useLocation();
  const { loading } = useSession();
  const { t } = useI18n();
  if (loading) return null;
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    // Keyed by path: a page's state starts afresh when another object of the same page is opened.
    if (params) return <div key={path}>{render(params)}</div>;
  }
  return (
    <section className="panel">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
    </section>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Layout>
          <Routes />
        </Layout>
      </SessionProvider>
    </I18nProvider>
  );
}
