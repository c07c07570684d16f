import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Role } from '@lib/auth';
import { ListExpertsQuery, Page, UserView } from '@lib/contracts';
import { DataSource } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../views';

/** The expert pool, for operators assembling evaluation panels. */
@Injectable()
export class ExpertsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListExpertsQuery): Promise<Page<UserView>> {
    const builder = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.role = :role', { role: Role.expert })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.field) builder.andWhere(':field = ANY(u.expertise_fields)', { field: query.field });
    const [items, total] = await builder.getManyAndCount();
    return { items: items.map(toUserView), page: query.page, pageSize: query.pageSize, total };
  }
}
