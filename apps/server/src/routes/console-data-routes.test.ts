import { describeConsoleDataRoutes } from '../../test/console-data-routes.suite.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'

describeConsoleDataRoutes('SQLite', () => ({}))

const database = await usePostgresTestDatabase()

describeWithPostgres('console data routes on PostgreSQL', database, ({ url }) => {
  describeConsoleDataRoutes('PostgreSQL', () => ({ DATABASE_URL: url }))
})
