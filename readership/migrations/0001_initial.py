import django.db.models.deletion
from django.db import migrations, models

# The view-counting models moved here from the articles app. Their tables already
# exist (articles 0002 and 0004), so this migration only takes them over in
# Django's state; 0002 renames the tables.


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0004_view_counting'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FlushBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('batch_id', models.CharField(max_length=64, unique=True)),
                        ('applied_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                    ],
                    options={
                        'verbose_name_plural': 'flush batches',
                        'db_table': 'articles_flushbatch',
                    },
                ),
                migrations.CreateModel(
                    name='DailyViews',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('day', models.DateField()),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)s', to='articles.article')),
                    ],
                    options={
                        'verbose_name_plural': 'daily views',
                        'db_table': 'articles_dailyviews',
                    },
                ),
                migrations.CreateModel(
                    name='HourlyViews',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('hour', models.DateTimeField()),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)s', to='articles.article')),
                    ],
                    options={
                        'verbose_name_plural': 'hourly views',
                        'db_table': 'articles_hourlyviews',
                    },
                ),
                migrations.CreateModel(
                    name='ViewStat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('outcome', models.CharField(choices=[('counted', 'Counted'), ('duplicate', 'Duplicate'), ('bot', 'Bot'), ('prefetch', 'Prefetch'), ('cross_site', 'Cross-site'), ('rate_limited', 'Rate limited'), ('staff', 'Staff')], max_length=16)),
                        ('count', models.PositiveBigIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'articles_viewstat',
                        'constraints': [models.UniqueConstraint(fields=('day', 'outcome'), name='view_stat_unique')],
                    },
                ),
                migrations.AddIndex(
                    model_name='dailyviews',
                    index=models.Index(fields=['day', 'article', 'count'], name='daily_views_day_idx'),
                ),
                migrations.AddConstraint(
                    model_name='dailyviews',
                    constraint=models.UniqueConstraint(fields=('article', 'day'), name='daily_views_unique'),
                ),
                migrations.AddIndex(
                    model_name='hourlyviews',
                    index=models.Index(fields=['hour', 'article', 'count'], name='hourly_views_hour_idx'),
                ),
                migrations.AddConstraint(
                    model_name='hourlyviews',
                    constraint=models.UniqueConstraint(fields=('article', 'hour'), name='hourly_views_unique'),
                ),
            ],
        ),
    ]
