import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CatalogueQuery, CatalogueResult } from '@lib/contracts';
import { Access } from '../auth/access.decorator';
import { CatalogueSearch } from './catalogue-search';

@ApiTags('catalogue')
@Controller('catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueSearch) {}

  @Get()
  @Access.public(
    'Search published listings: full text (Chinese and English), filters, facet counts, sorting, pages and highlighted snippets',
  )
  search(@Query() query: CatalogueQuery): Promise<CatalogueResult> {
    return this.catalogue.search(query);
  }
}
